package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which way a check points: a branch that leaves when the check fails ({@code if (!ok(x)) return;})
 * proves it from then on; one that leaves when it passes ({@code if (SKIP.contains(x)) continue;}, a
 * deny-list) proves nothing after it. Snippets written for this test.
 */
class ChecksTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> java(String body) {
        String code = """
                import javax.servlet.http.*;
                class Files extends HttpServlet {
                    static final java.util.Set<String> LISTED = java.util.Set.of("accept", "host");
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
                        java.util.Enumeration<String> names = request.getHeaderNames();
                %s
                    }
                }
                """.formatted(body.replace("\\n", "\n").indent(8));
        return scanner.scanCode(code, Language.JAVA, "Files.java").findings().stream().map(Finding::cwe).toList();
    }

    private List<String> python(String body) {
        String code = """
                import re
                from flask import Flask, request, abort
                app = Flask(__name__)
                LISTED = {"a.txt", "b.txt"}

                @app.route("/f")
                def read():
                    name = request.args["name"]
                %s
                    return open("/srv/" + name).read()
                """.formatted(body.replace("\\n", "\n").indent(4));
        return scanner.scanCode(code, Language.PYTHON, "files.py").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            skipping the listed names, Java     | while (names.hasMoreElements()) {\\nString name = names.nextElement();\\nif (LISTED.contains(name)) {\\ncontinue;\\n}\\nnew java.io.File("/srv", name).delete();\\n}
            """)
    void aDenyListProvesNothingAfterIt(String label, String body) {
        assertThat(java(body)).as(label).containsExactly("CWE-22");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            leaving unless listed, Java         | String name = names.nextElement();\\nif (!LISTED.contains(name)) {\\nreturn;\\n}\\nnew java.io.File("/srv", name).delete();
            used only where listed, Java        | String name = names.nextElement();\\nif (LISTED.contains(name)) {\\nnew java.io.File("/srv", name).delete();\\nreturn;\\n}
            """)
    void anAllowListProvesItsName(String label, String body) {
        assertThat(java(body)).as(label).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            aborting on the listed names        | if name in LISTED:\\n    abort(403)
            """)
    void aDenyListProvesNothingInPython(String label, String body) {
        assertThat(python(body)).as(label).containsExactly("CWE-22");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            not in the allow-list               | if name not in LISTED:\\n    abort(403)
            no full match                       | if re.fullmatch(r"^[a-z]+\\.txt$", name) is None:\\n    abort(400)
            not a full match                    | if not re.fullmatch(r"^[a-z]+\\.txt$", name):\\n    abort(400)
            """)
    void negatedChecksProveTheirNamesInPython(String label, String body) {
        assertThat(python(body)).as(label).isEmpty();
    }
}
