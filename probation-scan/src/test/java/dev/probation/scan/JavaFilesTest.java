package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Java path traversal (CWE-22) known by the type constructed or called, in a servlet written for this test. */
class JavaFilesTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String body) {
        String code = """
                import java.io.File;
                import javax.servlet.http.*;

                public class Download extends HttpServlet {
                    private static final String ROOT = "/srv/files";

                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        String name = request.getParameter("name");
                %s
                    }
                }
                """.formatted(body.replace("\\n", "\n").indent(8));
        return scanner.scanCode(code, Language.JAVA, "Download.java").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            File with a parent and a child      | File f = new File(ROOT, name);\\nresponse.getOutputStream().write(f.length() > 0 ? 1 : 0);
            qualified File in a File            | java.io.File f = new java.io.File(new java.io.File(ROOT), name);\\nf.delete();
            File from a URI built with input    | java.net.URI uri = new java.net.URI("file:///srv/files/" + name);\\nFile f = new File(uri);\\nf.exists();
            Files by qualified name             | java.nio.file.Path p = java.nio.file.Paths.get(name);\\njava.io.InputStream in = java.nio.file.Files.newInputStream(p, java.nio.file.StandardOpenOption.READ);
            Path.of with a child                | byte[] b = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(ROOT, name));
            zip file                            | java.util.zip.ZipFile zip = new java.util.zip.ZipFile(ROOT + "/" + name);
            reader on a file name               | java.io.FileReader r = new java.io.FileReader(ROOT + name);
            canonical but never compared        | File f = new File(ROOT, name).getCanonicalFile();\\nresponse.setHeader("X-Size", String.valueOf(f.length()));
            """)
    void pathTraversal(String label, String body) {
        assertThat(cwes(body)).as(label).containsExactly("CWE-22");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            a class of our own named File       | File f = new File(name);\\n}\\nstatic final class File { File(String label) { } 
            a constant File                     | File f = new File(ROOT, "index.html");\\nf.exists();
            a Scanner reads the string itself   | java.util.Scanner words = new java.util.Scanner(name);\\nwords.next();
            Files with a constant path          | java.nio.file.Files.writeString(java.nio.file.Path.of(ROOT, "last"), "seen");
            canonical file under the root       | File f = new File(ROOT, name).getCanonicalFile();\\nif (!f.getPath().startsWith(ROOT + File.separator)) {\\nresponse.sendError(404);\\nreturn;\\n}\\nnew java.io.FileInputStream(f).transferTo(response.getOutputStream());
            canonical path checked later        | File f = new File(ROOT, name);\\nString path = f.getCanonicalPath();\\nif (!path.startsWith(ROOT + File.separator)) {\\nthrow new SecurityException(name);\\n}\\nresponse.getOutputStream().write(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path)));
            """)
    void notPathTraversal(String label, String body) {
        assertThat(cwes(body)).as(label).doesNotContain("CWE-22");
    }
}
