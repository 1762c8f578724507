package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parameter spliced into a sink inside a method is reported there only when some caller in the
 * scanned project may pass untrusted data, or when the project knows no caller at all. Each project
 * is written to a folder and scanned through the public API, as {@code scan-code src/} does.
 * Fixtures written for this test.
 */
class CallersTest {

    @TempDir
    Path dir;

    private static final String SINKS = """
            package app.db;

            import java.sql.Connection;
            import java.sql.Statement;

            public class Sinks {
                public void byName(Connection conn, String data) throws Exception {
                    Statement stmt = conn.createStatement();
                    stmt.execute("select * from users where name='" + data + "'");
                }
            }
            """;

    private Map<String, List<String>> scan(Map<String, String> files) throws IOException {
        return ProjectScan.cweLines(dir, files);
    }

    private static String caller(String name, String body) {
        return """
                package app.web;

                import app.db.Sinks;
                import javax.servlet.http.*;

                public class %s extends HttpServlet {
                    private java.sql.Connection conn;

                %s
                }
                """.formatted(name, body);
    }

    @Test
    void aSinkHelperCalledOnlyWithConstantsIsClean() throws IOException {
        Map<String, List<String>> found = scan(Map.of("app/db/Sinks.java", SINKS,
                "app/web/Good.java", caller("Good", """
                        void good() throws Exception {
                            String data;
                            data = "foo";
                            new Sinks().byName(conn, data);
                            new Sinks().byName(conn, "bar");
                        }
                        """)));
        assertThat(found.get("Sinks.java")).noneMatch(f -> f.startsWith("CWE-89"));
        assertThat(found.get("Good.java")).noneMatch(f -> f.startsWith("CWE-89"));
    }

    @Test
    void aCallerPassingRequestDataIsReported() throws IOException {
        Map<String, List<String>> found = scan(Map.of("app/db/Sinks.java", SINKS,
                "app/web/Good.java", caller("Good", """
                        void good() throws Exception {
                            new Sinks().byName(conn, "foo");
                        }
                        """),
                "app/web/Bad.java", caller("Bad", """
                        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                            String data = request.getParameter("name");
                            new Sinks().byName(conn, data);
                        }
                        """)));
        assertThat(found.get("Bad.java")).anyMatch(f -> f.startsWith("CWE-89"));
        assertThat(found.get("Good.java")).noneMatch(f -> f.startsWith("CWE-89"));
    }

    @Test
    void aHelperWithNoCallerKeepsItsParameterFinding() throws IOException {
        Map<String, List<String>> found = scan(Map.of("app/db/Sinks.java", SINKS,
                "app/web/Other.java", caller("Other", """
                        void unrelated() {
                            System.out.println("hello");
                        }
                        """)));
        assertThat(found.get("Sinks.java")).anyMatch(f -> f.startsWith("CWE-89"));
    }

    @Test
    void aCallerPassingItsOwnParameterKeepsTheChain() throws IOException {
        String relay = caller("Relay", """
                public void relay(String data) throws Exception {
                    new Sinks().byName(conn, data);
                }
                """);
        Map<String, List<String>> unknown = scan(Map.of("app/db/Sinks.java", SINKS, "app/web/Relay.java", relay));
        assertThat(unknown.get("Sinks.java")).anyMatch(f -> f.startsWith("CWE-89")); // relay() has no caller: anything may arrive

        Map<String, List<String>> constant = scan(Map.of("app/db/Sinks.java", SINKS, "app/web/Relay.java", relay,
                "app/web/Start.java", caller("Start", """
                        void start() throws Exception {
                            new Relay().relay("foo");
                        }
                        """)));
        assertThat(constant.get("Sinks.java")).noneMatch(f -> f.startsWith("CWE-89"));
    }

    @Test
    void aMethodInTheSameFileCalledWithAConstantIsClean() throws IOException {
        String code = """
                package app.db;

                public class Local {
                    private java.sql.Connection conn;

                    private void goodSink(String data) throws Exception {
                        conn.createStatement().execute("select * from t where n='" + data + "'");
                    }

                    public void good() throws Exception {
                        String data = "foo";
                        goodSink(data);
                    }

                    private void badSink(String data) throws Exception {
                        conn.createStatement().execute("select * from t where n='" + data + "'");
                    }

                    public void bad() throws Exception {
                        badSink(System.getenv("NAME"));
                    }
                }
                """;
        Map<String, List<String>> found = scan(Map.of("app/db/Local.java", code, "app/db/Other.java", "package app.db;\nclass Other {}\n"));
        assertThat(found.get("Local.java")).doesNotContain("CWE-89:7").contains("CWE-89:20");
    }
}
