package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data handed across several files of a project, in the spirit of the Juliet test suite's flow
 * variants 53 and 54 (a chain of helper classes) and 68 (a public static field set before the
 * call). Each project is written to a folder and scanned through the public API, as
 * {@code scan-code src/} does; fixtures written for this test. The bad entry point must be flagged,
 * the good one (a constant on the same path) must not.
 */
class HelperChainTest {

    @TempDir
    Path dir;

    /** Every finding of the project as {@code File.java CWE-22:7}. */
    private List<String> scan(Map<String, String> files) throws IOException {
        List<String> found = new ArrayList<>();
        ProjectScan.findings(new CodeScanner(), dir, files).forEach((file, findings) ->
                findings.forEach(f -> found.add(file + " " + f.cwe() + ":" + f.line())));
        return found;
    }

    /** Step {@code n} of a chain: hands its argument to step {@code n + 1}. */
    private static String step(int n) {
        return """
                package app.steps;
                public class Step%d {
                    public void run(String name, javax.servlet.http.HttpServletResponse response) throws Exception {
                        new Step%d().run(name, response);
                    }
                }
                """.formatted(n, n + 1);
    }

    @Test
    void aValuePassedWholeThroughFiveFilesReachesTheSinkAtTheEnd() throws IOException {
        String last = """
                package app.steps;
                public class Step5 {
                    public void run(String name, javax.servlet.http.HttpServletResponse response) throws Exception {
                        new java.io.FileReader(name).close();
                        response.sendRedirect(name);
                    }
                }
                """;
        String entry = """
                package app.web;
                import javax.servlet.http.*;
                public class Entry extends HttpServlet {
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        new app.steps.Step1().run(request.getParameter("file"), response);
                    }
                    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        new app.steps.Step1().run("/srv/report.txt", response);
                    }
                }
                """;
        List<String> found = scan(Map.of("app/web/Entry.java", entry, "app/steps/Step1.java", step(1),
                "app/steps/Step2.java", step(2), "app/steps/Step3.java", step(3), "app/steps/Step4.java", step(4),
                "app/steps/Step5.java", last));
        assertThat(found).containsExactlyInAnyOrder("Entry.java CWE-22:5", "Entry.java CWE-601:5");
    }

    @Test
    void aStaticFieldOfAnotherClassIsWhatTheCallerStoredBeforeTheCall() throws IOException {
        String entry = """
                package app.web;
                import javax.servlet.http.*;
                public class Entry extends HttpServlet {
                    public static String target;
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        target = request.getParameter("next");
                        new app.web.Go().go(response);
                    }
                    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        target = "/home";
                        new app.web.Go().go(response);
                    }
                }
                """;
        String go = """
                package app.web;
                public class Go {
                    public void go(javax.servlet.http.HttpServletResponse response) throws Exception {
                        String to = Entry.target;
                        response.sendRedirect(to);
                        new java.io.File(Entry.target).delete();
                    }
                }
                """;
        assertThat(scan(Map.of("app/web/Entry.java", entry, "app/web/Go.java", go)))
                .containsExactlyInAnyOrder("Entry.java CWE-22:7", "Entry.java CWE-601:7");
    }
}
