// Stub of the Java Persistence API (signatures only) for resolving types in scanned code; the
// package javax.persistence is also read as jakarta.persistence.
package javax.persistence;

public interface EntityManager {
    Query createQuery(String jpql);
    Query createNativeQuery(String sql);
    Query createNativeQuery(String sql, Class<?> resultClass);
}
