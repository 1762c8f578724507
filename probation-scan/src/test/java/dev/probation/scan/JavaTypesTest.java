package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Java sinks known by the receiver's type (JavaParser's symbol solver, Servlet API stubs), not by its name. */
class JavaTypesTest {

    private final CodeScanner scanner = new CodeScanner();

    /** A servlet whose doPost reads the "q" parameter into {@code param} and then runs the body. */
    private List<String> cwes(String body) {
        return cwes(body, "javax");
    }

    private List<String> cwes(String body, String servletPackage) {
        String code = """
                import java.io.IOException;
                import %1$s.servlet.ServletException;
                import %1$s.servlet.http.HttpServlet;
                import %1$s.servlet.http.HttpServletRequest;
                import %1$s.servlet.http.HttpServletResponse;

                public class Probe extends HttpServlet {
                    @Override
                    public void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
                        String param = request.getParameter("q");
                %2$s
                    }
                }
                """.formatted(servletPackage, body.indent(8));
        return scanner.scanCode(code, Language.JAVA, "Probe.java").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            Runtime in a variable not named like one | Runtime r = Runtime.getRuntime();\\nProcess p = r.exec("ping -c 1 " + param);
            command string with an environment       | Runtime r = Runtime.getRuntime();\\nr.exec("nslookup " + param, new String[] {"LANG=C"});
            tainted environment                      | String[] env = {param};\\nRuntime r = Runtime.getRuntime();\\nr.exec(new String[] {"ls"}, env, new java.io.File("/tmp"));
            array variable, shell in variables       | String a1 = "sh";\\nString a2 = "-c";\\nif (System.getProperty("os.name").contains("Windows")) { a1 = "cmd.exe"; a2 = "/c"; }\\nString[] args = {a1, a2, "echo " + param};\\nRuntime.getRuntime().exec(args);
            ProcessBuilder on a list built by add    | java.util.List<String> argList = new java.util.ArrayList<>();\\nargList.add("sh");\\nargList.add("-c");\\nargList.add("echo " + param);\\nProcessBuilder pb = new ProcessBuilder(argList);\\npb.start();
            ProcessBuilder.command(list)             | java.util.List<String> argList = new java.util.ArrayList<>();\\nargList.add("bash");\\nargList.add("-c");\\nargList.add("echo " + param);\\nProcessBuilder pb = new ProcessBuilder();\\npb.command(argList);\\npb.start();
            ProcessBuilder.command(array)            | String[] args = new String[] {"sh", "-c", "echo " + param};\\nProcessBuilder builder = new ProcessBuilder();\\nbuilder.command(args);
            """)
    void commandInjectionByType(String name, String body) {
        assertThat(cwes(body.replace("\\n", "\n"))).as(name).containsExactly("CWE-78");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            exec on a class of our own named runtime | Shell runtime = new Shell();\\nruntime.exec(param);\\n}\\nstatic final class Shell { void exec(String s) { }
            list without a shell                     | java.util.List<String> argList = new java.util.ArrayList<>();\\nargList.add("ls");\\nargList.add(param);\\nnew ProcessBuilder(argList).start();
            array without a shell                    | String[] args = {"/usr/bin/file", param};\\nRuntime.getRuntime().exec(args);
            constant command                         | Runtime r = Runtime.getRuntime();\\nr.exec("uptime");
            """)
    void notCommandInjection(String name, String body) {
        assertThat(cwes(body.replace("\\n", "\n"))).as(name).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            printf with a format from the request  | Object[] obj = {"a", "b"};\\nresponse.getWriter().printf(param, obj);
            format with a locale                   | Object[] obj = {"a", "b"};\\nresponse.getWriter().format(java.util.Locale.US, param, obj);
            print                                  | response.getWriter().print(param);
            println                                | response.getWriter().println("Value: " + param);
            write                                  | response.getWriter().write(param.toCharArray(), 0, param.length());
            append                                 | response.getWriter().append(param);
            output stream print                    | response.getOutputStream().print(param);
            output stream write                    | response.getOutputStream().write(param.getBytes());
            writer in a variable                   | java.io.PrintWriter out = response.getWriter();\\nout.write(param);
            """)
    void xssOnTheResponseWithoutHtmlNearby(String name, String body) {
        assertThat(cwes(body.replace("\\n", "\n"))).as(name).containsExactly("CWE-79");
    }

    @Test
    void theNamesOfParametersAndHeadersAreInputToo() {
        assertThat(cwes("""
                java.util.Enumeration<String> names = request.getParameterNames();
                String name = (String) names.nextElement();
                response.getWriter().print(name);""")).containsExactly("CWE-79");
        assertThat(cwes("""
                java.util.Enumeration<String> headers = request.getHeaderNames();
                Runtime.getRuntime().exec("echo " + headers.nextElement());""")).containsExactly("CWE-78");
    }

    @Test
    void resolvesReceiversAndArgumentsByPosition() {
        JavaTypes types = JavaTypes.of("""
                class T {
                    void m(javax.servlet.http.HttpServletResponse response, String[] cmd) throws Exception {
                        Runtime.getRuntime().exec(cmd);
                        response.getWriter().print(1);
                    }
                }""");
        assertThat(types.receiverType(3, 30)).isEqualTo("java.lang.Runtime");
        assertThat(types.argumentType(3, 30, 0)).isEqualTo("java.lang.String[]");
        assertThat(types.receiverType(4, 30)).isEqualTo("java.io.PrintWriter");
        assertThat(types.onResponseStream(4, 30)).isTrue();
        assertThat(types.receiverType(3, 29)).as("no method name starts there").isNull();
        assertThat(JavaTypes.of("void m( {").receiverType(1, 1)).isNull();
    }

    @Test
    void filesParsedOnManyThreadsShareAFewSolvers() throws Exception {
        // JavaParserFacade keeps every solver it meets for good; one per (virtual) thread was a leak
        java.lang.reflect.Field field = com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade.class
                .getDeclaredField("instances");
        field.setAccessible(true);
        java.util.Map<?, ?> instances = (java.util.Map<?, ?>) field.get(null);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.List<java.util.concurrent.Future<String>> types = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                types.add(threads.submit(() -> JavaTypes.of("class T" + n + " { void m() throws Exception {\n"
                        + "        Runtime.getRuntime().exec(\"x\"); } }").receiverType(2, 30)));
            }
            for (var type : types) {
                assertThat(type.get()).isEqualTo("java.lang.Runtime");
            }
        }
        assertThat(instances.size()).isLessThanOrEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()) + 2);
    }

    @Test
    void anUnknownReceiverFallsBackToItsName() {
        String snippet = """
                void ping(HttpServletRequest request) throws IOException {
                    rt.exec("ping -c 1 " + request.getParameter("host")); // rt: a field of a class not shown
                }""";
        assertThat(JavaTypes.of(snippet).receiverType(2, 8)).isNull();
        assertThat(scanner.scanCode(snippet, Language.JAVA, "t").findings()).extracting(Finding::cwe).containsExactly("CWE-78");
    }

    @Test
    void jakartaResponsesAreResponsesToo() {
        assertThat(cwes("response.getWriter().print(param);", "jakarta")).containsExactly("CWE-79");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            ESAPI encoder                 | response.getWriter().print(org.owasp.esapi.ESAPI.encoder().encodeForHTML(param));
            Spring HtmlUtils              | response.getWriter().println(org.springframework.web.util.HtmlUtils.htmlEscape(param));
            commons-text escapeHtml4      | response.getWriter().write(org.apache.commons.text.StringEscapeUtils.escapeHtml4(param));
            commons-lang escapeHtml       | String bar = org.apache.commons.lang.StringEscapeUtils.escapeHtml(param);\\nresponse.getWriter().print(bar);
            commons-lang3 escapeHtml3     | String bar = org.apache.commons.lang3.StringEscapeUtils.escapeHtml3(param);\\nresponse.getWriter().print(bar);
            a writer on a file            | java.io.PrintWriter log = new java.io.PrintWriter(new java.io.FileWriter("audit.log"));\\nlog.println(param);
            a JSON response               | response.setContentType("application/json");\\nresponse.getWriter().print(param);
            """)
    void notXss(String name, String body) {
        assertThat(cwes(body.replace("\\n", "\n"))).as(name).isEmpty();
    }
}
