package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Untrusted input read from outside a web request: another server, standard input, files, properties files,
 * database rows. Each reaches a SQL string built around it; the safe forms use the same input whole, or as a path.
 * Fixtures written for this test.
 */
class JavaInputSourcesTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String body) {
        String code = """
                import java.io.*;
                import java.net.*;
                import java.nio.file.*;
                import java.sql.*;
                import java.util.Properties;
                class Report {
                    void run() throws Exception {
                        Connection db = DriverManager.getConnection("jdbc:h2:mem:reports");
                        Statement stmt = db.createStatement();
                %s
                    }
                }
                """.formatted(body.replace("\\n", "\n"));
        return scanner.scanCode(code, Language.JAVA, "Report.java").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a line from another server      | URLConnection connection = new URL("https://feed.example.com/top").openConnection();\\nBufferedReader reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), "UTF-8"));\\nString name = reader.readLine();\\nstmt.executeQuery("SELECT * FROM items WHERE name = '" + name + "'");
            a page read with URL.openStream | URL feedUrl = new URL("https://feed.example.com/top");\\nBufferedReader r = new BufferedReader(new InputStreamReader(feedUrl.openStream()));\\nstmt.execute(r.readLine());
            a line typed on the console     | BufferedReader typed = new BufferedReader(new InputStreamReader(System.in));\\nString who = typed.readLine();\\nstmt.executeUpdate("DELETE FROM users WHERE login = '" + who + "'");
            a line of a file                | BufferedReader reader = new BufferedReader(new InputStreamReader(new FileInputStream("names.txt"), "UTF-8"));\\nString who = reader.readLine();\\nstmt.executeQuery("SELECT id FROM users WHERE login = '" + who + "'");
            a value of a properties file    | Properties p = new Properties();\\np.load(new FileInputStream("app.properties"));\\nString table = p.getProperty("table");\\nstmt.executeQuery("SELECT * FROM " + table);
            a value stored in the database  | ResultSet resultSet = stmt.executeQuery("SELECT nick FROM users");\\nresultSet.next();\\nString nick = resultSet.getString(1);\\nstmt.executeUpdate("UPDATE scores SET best = 1 WHERE nick = '" + nick + "'");
            a line of a file, via Files     | BufferedReader reader = Files.newBufferedReader(Path.of("jobs.txt"));\\nstmt.execute("CALL run_job('" + reader.readLine() + "')");
            """)
    void inputReachingABuiltQueryIsFound(String name, String body) {
        assertThat(cwes(body)).as(name).contains("CWE-89");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a SQL script run as it was read   | String script = Files.readString(Path.of("schema.sql"));\\nstmt.execute(script);
            a properties value used whole     | Properties p = new Properties();\\np.load(new FileInputStream("app.properties"));\\nstmt.executeQuery(p.getProperty("report.query"));
            a file line as a file name        | BufferedReader reader = new BufferedReader(new FileReader("list.txt"));\\nString next = reader.readLine();\\nnew FileInputStream(new File("/data/" + next)).close();
            a stored value bound as parameter | ResultSet rs = stmt.executeQuery("SELECT nick FROM users");\\nrs.next();\\nPreparedStatement ps = db.prepareStatement("UPDATE scores SET best = 1 WHERE nick = ?");\\nps.setString(1, rs.getString(1));\\nps.executeUpdate();
            a system property, unchanged      | String dir = System.getProperty("user.home");\\nnew FileInputStream(dir + "/.reportrc").close();
            """)
    void safeUsesAreNotFlagged(String name, String body) {
        assertThat(cwes(body)).as(name).isEmpty();
    }
}
