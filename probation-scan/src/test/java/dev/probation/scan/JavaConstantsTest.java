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
                    private static final int LIMIT = 40;
                    private static final String MODE = "strict";
                    private int counter = 100;
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
            string equals               | String mode = "strict";\\nif (mode.equals("strict")) bar = "fixed";\\nelse bar = param;
            string length               | String word = "four";\\nif (word.length() == 4) bar = "fixed";\\nelse bar = param;
            string built then compared  | String s = "ab" + "c";\\nbar = s.equals("abc") ? "fixed" : param;
            final int field             | if (LIMIT * 2 > 50) bar = "fixed";\\nelse bar = param;
            final string field negated  | if (!MODE.startsWith("str")) bar = param;
            local from a ternary        | int n = 3 > 2 ? 10 : 0;\\nif (n > 5) bar = "fixed";\\nelse bar = param;
            both sides of and           | int a = 5;\\nif (a > 1 && a < 9) bar = "fixed";\\nelse bar = param;
            switch on a string          | String mode = "fast";\\nswitch (mode) {\\ncase "slow": bar = param; break;\\ncase "fast": bar = "quick"; break;\\ndefault: bar = param;\\n}
            switch on a string method   | String guess = "ABC";\\nswitch (guess.substring(1).charAt(0)) {\\ncase 'B': bar = "bob"; break;\\ndefault: bar = param; break;\\n}
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
            string equals, false        | String mode = "strict";\\nif (mode.equals("lax")) bar = "fixed";\\nelse bar = param;
            string compared by ==       | String s = "a";\\nif (s == "a") bar = "fixed";\\nelse bar = param;
            local shadows final field   | int LIMIT = 0;\\nLIMIT = request.getIntHeader("n");\\nif (LIMIT * 2 > 50) bar = "fixed";\\nelse bar = param;
            field that is not final     | if (counter > 50) bar = "fixed";\\nelse bar = param;
            char plus string unknown    | String s = "a" + 'b';\\nbar = s.equals("ab") ? "fixed" : param;
            switch on a string, taken   | String mode = "slow";\\nswitch (mode) {\\ncase "slow": bar = param; break;\\ncase "fast": bar = "quick"; break;\\ndefault: bar = "none";\\n}
            switch default              | String guess = "ABC";\\nchar target = guess.charAt(0);\\nswitch (target) {\\ncase 'B': bar = "bob"; break;\\ndefault: bar = param; break;\\n}
            """)
    void liveBranchesAreFollowed(String name, String body) {
        assertThat(cwes(body)).as(name).contains("CWE-89");
    }
}
