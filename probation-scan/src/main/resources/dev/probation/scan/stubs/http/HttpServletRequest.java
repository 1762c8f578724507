// Stub of the Servlet API (method signatures only) for resolving types in scanned code.
package javax.servlet.http;

public interface HttpServletRequest extends javax.servlet.ServletRequest {
    String getHeader(String name);
    java.util.Enumeration<String> getHeaders(String name);
    java.util.Enumeration<String> getHeaderNames();
    String getQueryString();
    String getPathInfo();
    String getRequestURI();
}
