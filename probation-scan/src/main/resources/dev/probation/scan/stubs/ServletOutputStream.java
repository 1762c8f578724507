// Stub of the Servlet API (method signatures only) for resolving types in scanned code.
package javax.servlet;

public abstract class ServletOutputStream extends java.io.OutputStream {
    public void print(String s) throws java.io.IOException {}
    public void print(Object o) throws java.io.IOException {}
    public void println(String s) throws java.io.IOException {}
    public void println() throws java.io.IOException {}
}
