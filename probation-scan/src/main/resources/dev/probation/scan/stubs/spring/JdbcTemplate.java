// Stub of Spring JDBC (signatures only) for resolving types in scanned code.
package org.springframework.jdbc.core;

public class JdbcTemplate implements JdbcOperations {
    public JdbcTemplate(javax.sql.DataSource dataSource) {
    }
}
