package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Data that moves between methods of one class without being an argument: returned by a helper
 * that reads it from a file, stored in a field that another method reads. In the spirit of the
 * Juliet test suite's flow variants 21, 42 and 45; fixtures written for this test. The bad method
 * must be flagged, the good one (a constant on the same path) must not.
 */
class FieldFlowTest {

    private final CodeScanner scanner = new CodeScanner();

    /** The lines of the CWE-78 findings. */
    private List<Integer> commandLines(String code) {
        return scanner.scanCode(code, Language.JAVA, "Jobs.java").findings().stream()
                .filter(f -> f.cwe().equals("CWE-78")).map(Finding::line).toList();
    }

    @Test
    void aHelperReturningALineOfAFileIsASource() {
        String code = """
                import java.io.*;
                class Jobs {
                    private String fromDisk() throws IOException {
                        String line = "";
                        try (BufferedReader reader = new BufferedReader(new FileReader("/var/jobs/next.txt"))) {
                            line = reader.readLine();
                        }
                        return line;
                    }
                    private String fixed() {
                        return "nightly";
                    }
                    void bad() throws IOException {
                        String job = fromDisk();
                        Runtime.getRuntime().exec("/usr/bin/run-job " + job);
                    }
                    void good() throws IOException {
                        String job = fixed();
                        Runtime.getRuntime().exec("/usr/bin/run-job " + job);
                    }
                }
                """;
        assertThat(commandLines(code)).containsExactly(15);
    }

    /** The CWE and line of each finding. */
    private List<String> found(String code) {
        return scanner.scanCode(code, Language.JAVA, "Files.java").findings().stream().map(f -> f.cwe() + ":" + f.line()).toList();
    }

    @Test
    void anArrayOrObjectFilledWithRequestDataCarriesItIntoAHelper() {
        String code = """
                import java.io.*;
                import javax.servlet.http.*;
                public class Files extends HttpServlet {
                    static class Box { String path; }
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                        String[] names = new String[3];
                        names[1] = request.getParameter("file");
                        open(names);
                        Box box = new Box();
                        box.path = request.getParameter("next");
                        go(box, response);
                    }
                    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                        String[] names = new String[3];
                        names[1] = "report.txt";
                        open(names);
                        Box box = new Box();
                        box.path = "/home";
                        go(box, response);
                    }
                    private void open(String names[]) throws IOException {
                        String name = names[1];
                        new FileInputStream(new File(name)).close();
                    }
                    private void go(Box box, HttpServletResponse response) throws IOException {
                        String to = box.path;
                        response.sendRedirect(to);
                    }
                }
                """;
        assertThat(found(code)).containsExactlyInAnyOrder("CWE-22:8", "CWE-601:11");
    }

    @Test
    void aFieldSetBeforeACallIsJudgedAtTheCall() {
        String code = """
                import javax.servlet.http.*;
                public class Jobs extends HttpServlet {
                    private String job;
                    private String other = "idle";
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        job = request.getParameter("job");
                        run();
                    }
                    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        this.job = "nightly";
                        run();
                        runOther();
                    }
                    private void run() throws Exception {
                        String name = job;
                        Runtime.getRuntime().exec("/usr/bin/run-job " + name);
                    }
                    private void runOther() throws Exception {
                        Runtime.getRuntime().exec("/usr/bin/run-job " + this.other);
                    }
                }
                """;
        assertThat(commandLines(code)).containsExactly(7);
    }

    @Test
    void dataWrittenThroughAWrappingStreamIsInTheBytesOfTheInnerOne() {
        String code = """
                import java.io.*;
                import javax.servlet.http.*;
                public class Files extends HttpServlet {
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        open(serialise(request.getParameter("file")));
                    }
                    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        open(serialise("report.txt"));
                    }
                    private byte[] serialise(String name) throws IOException {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        ObjectOutput out = new ObjectOutputStream(bytes);
                        out.writeObject(name);
                        out.close();
                        return bytes.toByteArray();
                    }
                    private void open(byte[] serialised) throws Exception {
                        ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialised));
                        String name = (String) in.readObject();
                        new FileReader(new File(name)).close();
                    }
                }
                """;
        assertThat(found(code)).contains("CWE-22:5").doesNotContain("CWE-22:8");
    }
}
