// Stub of the Servlet API (method signatures only) for resolving types in scanned code; the
// package javax.servlet is also read as jakarta.servlet.
package javax.servlet;

public interface ServletResponse {
    java.io.PrintWriter getWriter() throws java.io.IOException;
    ServletOutputStream getOutputStream() throws java.io.IOException;
    void setContentType(String type);
    void setCharacterEncoding(String charset);
    String getContentType();
}
