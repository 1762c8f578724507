// Stub of the Servlet API (method signatures only) for resolving types in scanned code.
package javax.servlet;

public interface ServletRequest {
    String getParameter(String name);
    String[] getParameterValues(String name);
    java.util.Map<String, String[]> getParameterMap();
    java.util.Enumeration<String> getParameterNames();
    java.io.BufferedReader getReader() throws java.io.IOException;
}
