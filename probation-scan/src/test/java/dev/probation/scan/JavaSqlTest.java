package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Java SQL injection (CWE-89) known by the receiver's type: JDBC, Spring JDBC and JPA, in a servlet written for this test. */
class JavaSqlTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String body) {
        String code = """
                import java.sql.*;
                import javax.servlet.http.*;
                import org.springframework.jdbc.core.JdbcTemplate;
                import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

                public class Orders extends HttpServlet {
                    private JdbcTemplate jt;
                    private NamedParameterJdbcTemplate named;
                    private jakarta.persistence.EntityManager manager;
                    private Connection c;

                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        String id = request.getParameter("id");
                %s
                    }
                }
                """.formatted(body.replace("\\n", "\n").indent(8));
        return scanner.scanCode(code, Language.JAVA, "Orders.java").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            Statement.execute on a short name        | Statement s = c.createStatement();\\ns.execute("delete from orders where id = " + id);
            PreparedStatement.addBatch                | PreparedStatement p = c.prepareStatement("select 1");\\np.addBatch("delete from orders where id = " + id);
            JdbcTemplate.update in a field            | jt.update("update orders set seen = 1 where id = " + id);
            NamedParameterJdbcTemplate.query          | named.query("select * from orders where id = " + id, java.util.Map.of(), null);
            jakarta EntityManager.createQuery         | manager.createQuery("from Order where id = " + id).getResultList();
            a receiver without types, by its name     | OrderStore.jdbcTemplate.update("delete from orders where id = " + id);
            """)
    void sqlInjection(String label, String body) {
        assertThat(cwes(body)).as(label).containsExactly("CWE-89");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            a digest named like a database            | java.security.MessageDigest db = java.security.MessageDigest.getInstance("SHA-256");\\ndb.update(id.getBytes());
            a checksum named like a statement         | java.util.zip.CRC32 statementCrc = new java.util.zip.CRC32();\\nstatementCrc.update(id.getBytes());
            parameters bound to a prepared statement  | PreparedStatement p = c.prepareStatement("select * from orders where id = ?");\\np.setString(1, id);\\np.executeQuery();
            """)
    void notSqlInjection(String label, String body) {
        assertThat(cwes(body)).as(label).doesNotContain("CWE-89");
    }
}
