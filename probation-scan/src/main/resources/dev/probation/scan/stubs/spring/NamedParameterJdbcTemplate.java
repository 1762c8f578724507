// Stub of Spring JDBC (signatures only) for resolving types in scanned code.
package org.springframework.jdbc.core.namedparam;

public class NamedParameterJdbcTemplate implements NamedParameterJdbcOperations {
    public NamedParameterJdbcTemplate(javax.sql.DataSource dataSource) {
    }
}
