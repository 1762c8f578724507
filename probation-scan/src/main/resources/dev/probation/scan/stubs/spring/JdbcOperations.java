// Stub of Spring JDBC (the methods that take SQL text; signatures only) for resolving types in scanned code.
package org.springframework.jdbc.core;

public interface JdbcOperations {
    void execute(String sql);
    int update(String sql, Object... args);
    int[] batchUpdate(String... sql);
    <T> java.util.List<T> query(String sql, Object mapper, Object... args);
    <T> T queryForObject(String sql, Class<T> type, Object... args);
    java.util.List<java.util.Map<String, Object>> queryForList(String sql, Object... args);
    java.util.Map<String, Object> queryForMap(String sql, Object... args);
}
