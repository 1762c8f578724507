// Stub of the Java Persistence API (signatures only) for resolving types in scanned code.
package javax.persistence;

public interface Query {
    java.util.List<?> getResultList();
    Object getSingleResult();
    int executeUpdate();
    Query setParameter(String name, Object value);
    Query setParameter(int position, Object value);
}
