// Stub of the Servlet API (method signatures only) for resolving types in scanned code.
package javax.servlet.http;

public interface HttpServletResponse extends javax.servlet.ServletResponse {
    void setHeader(String name, String value);
    void addHeader(String name, String value);
    void sendRedirect(String location) throws java.io.IOException;
}
