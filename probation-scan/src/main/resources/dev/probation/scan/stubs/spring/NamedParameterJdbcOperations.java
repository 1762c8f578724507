// Stub of Spring JDBC (the methods that take SQL text; signatures only) for resolving types in scanned code.
package org.springframework.jdbc.core.namedparam;

public interface NamedParameterJdbcOperations {
    org.springframework.jdbc.core.JdbcOperations getJdbcOperations();
    int update(String sql, java.util.Map<String, ?> params);
    <T> java.util.List<T> query(String sql, java.util.Map<String, ?> params, Object mapper);
    <T> T queryForObject(String sql, java.util.Map<String, ?> params, Class<T> type);
    java.util.List<java.util.Map<String, Object>> queryForList(String sql, java.util.Map<String, ?> params);
}
