package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code new Helper().transform(x)}: a method of a class the same file declares is followed through its summary. */
class InnerHelperFlowTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String helperBody) {
        String code = """
                import java.sql.*;
                import javax.servlet.http.*;
                class Handler extends HttpServlet {
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        String name = request.getParameter("name");
                        String value = new Helper().transform(request, name);
                        Connection conn = DriverManager.getConnection("jdbc:h2:mem:");
                        conn.createStatement().executeQuery("SELECT * FROM users WHERE name = '" + value + "'");
                    }

                    private class Helper {
                        String transform(HttpServletRequest request, String input) {
                            String out = "";
                %s
                            return out;
                        }
                    }
                }
                """.formatted(helperBody.replace("\\n", "\n"));
        return scanner.scanCode(code, Language.JAVA, "Handler.java").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            returns a literal               | out = "fixed";
            input only on a dead branch     | int n = 40;\\nif (n * 3 > 100) out = "fixed";\\nelse out = input;
            """)
    void helperReturningNoInputIsClean(String name, String body) {
        assertThat(cwes(body)).as(name).doesNotContain("CWE-89");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            returns its input               | out = input;
            input on a live branch          | int n = 20;\\nif (n * 3 > 100) out = "fixed";\\nelse out = input;
            input wrapped                   | out = "[" + input.trim() + "]";
            """)
    void helperReturningInputIsTainted(String name, String body) {
        assertThat(cwes(body)).as(name).contains("CWE-89");
    }
}
