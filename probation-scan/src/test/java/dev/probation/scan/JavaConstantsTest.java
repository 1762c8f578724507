package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Branches whose condition the code fixes are not followed; both branches are when it does not. */
class JavaConstantsTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String body) {
        String code = """
                import java.sql.*;
                import javax.servlet.http.*;
                class Handler extends HttpServlet {
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        String param = request.getParameter("name");
                        Connection conn = DriverManager.getConnection("jdbc:h2:mem:");
                        String bar = "";
                %s
                        conn.createStatement().executeQuery("SELECT * FROM users WHERE name = '" + bar + "'");
                    }
                }
                """.formatted(body.replace("\\n", "\n"));
        return scanner.scanCode(code, Language.JAVA, "Handler.java").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ternary always constant     | int num = 106;\\nbar = (7 * 18) + num > 200 ? "fixed" : param;
            if never true               | int limit = 86;\\nif ((7 * 42) - limit > 300) bar = param;
            if always true, else dead   | int num = 196;\\nif ((500 / 42) + num > 200) bar = "fixed";\\nelse bar = param;
            switch on a constant char   | String guess = "ABC";\\nchar target = guess.charAt(1);\\nswitch (target) {\\ncase 'A': bar = param; break;\\ncase 'B': bar = "bob"; break;\\ndefault: bar = param; break;\\n}
            """)
    void deadBranchesAreNotFollowed(String name, String body) {
        assertThat(cwes(body)).as(name).doesNotContain("CWE-89");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ternary taking param        | int num = 56;\\nbar = (7 * 18) + num > 200 ? "fixed" : param;
            variable assigned twice     | int num = 106;\\nnum = Integer.parseInt(request.getHeader("n"));\\nbar = (7 * 18) + num > 200 ? "fixed" : param;
            incremented variable        | int num = 106;\\nnum++;\\nbar = num < 107 ? "fixed" : param;
            condition from the request  | if (request.getParameter("x") != null) bar = param;
            if always true              | int num = 196;\\nif ((500 / 42) + num > 200) bar = param;\\nelse bar = "fixed";
            switch falls through        | String guess = "ABC";\\nchar target = guess.charAt(2);\\nswitch (target) {\\ncase 'B': bar = "bob"; break;\\ncase 'C':\\ncase 'D': bar = param; break;\\ndefault: bar = "x"; break;\\n}
            switch default              | String guess = "ABC";\\nchar target = guess.charAt(0);\\nswitch (target) {\\ncase 'B': bar = "bob"; break;\\ndefault: bar = param; break;\\n}
            """)
    void liveBranchesAreFollowed(String name, String body) {
        assertThat(cwes(body)).as(name).contains("CWE-89");
    }
}
