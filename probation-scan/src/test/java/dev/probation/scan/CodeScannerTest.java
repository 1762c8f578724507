package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodeScannerTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String code, Language language) {
        return scanner.scanCode(code, language, "t").findings().stream().map(Finding::cwe).toList();
    }

    /** The safe forms the issue names, each next to its vulnerable twin. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            shell with shlex.quote | import os, shlex\\ndef f(name):\\n    os.system("ls " + shlex.quote(name))
            subprocess list        | import subprocess\\ndef f(name):\\n    subprocess.run(["ls", name], check=True)
            yaml.safe_load         | import yaml\\ndef f(data):\\n    return yaml.safe_load(data)
            yaml SafeLoader        | import yaml\\ndef f(data):\\n    return yaml.load(data, Loader=yaml.SafeLoader)
            checked path           | import os\\nBASE = "/srv"\\ndef f(name):\\n    p = os.path.realpath(os.path.join(BASE, name))\\n    if not p.startswith(BASE + os.sep):\\n        raise ValueError()\\n    return open(p).read()
            escaped html           | from markupsafe import escape\\nfrom flask import request\\n@app.route("/")\\ndef f():\\n    return f"<h1>{escape(request.args['q'])}</h1>"
            literal_eval           | import ast\\ndef f(s):\\n    return ast.literal_eval(s)
            md5 for an etag        | import hashlib\\ndef etag(body):\\n    return hashlib.md5(body, usedforsecurity=False).hexdigest()
            """)
    void safePythonFormsAreClean(String name, String code) {
        assertThat(cwes(code.replace("\\n", "\n"), Language.PYTHON)).as(name).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CWE-78  | import os\\ndef f(name):\\n    os.system("ls " + name)
            CWE-78  | import subprocess\\ndef f(name):\\n    subprocess.run(f"ls {name}", shell=True)
            CWE-502 | import yaml\\ndef f(data):\\n    return yaml.load(data, Loader=yaml.Loader)
            CWE-502 | import pickle\\nfrom flask import request\\ndef f():\\n    return pickle.loads(request.data)
            CWE-22  | import os\\nBASE = "/srv"\\ndef f(name):\\n    return open(os.path.join(BASE, name)).read()
            CWE-79  | from flask import request\\n@app.route("/")\\ndef f():\\n    return f"<h1>{request.args['q']}</h1>"
            CWE-94  | def f(s):\\n    return eval(s)
            CWE-328 | import hashlib\\ndef hash_password(pw):\\n    return hashlib.md5(pw.encode()).hexdigest()
            CWE-798 | DB_PASSWORD = "s3cr3t-Pa55w0rd"
            CWE-327 | from Crypto.Cipher import DES\\ndef enc(key, data):\\n    return DES.new(key, DES.MODE_ECB).encrypt(data)
            """)
    void vulnerablePythonFormsAreFound(String cwe, String code) {
        assertThat(cwes(code.replace("\\n", "\n"), Language.PYTHON)).contains(cwe);
    }

    @Test
    void followsDataThroughAHelperFunction() {
        String code = """
                def build(name):
                    return "SELECT * FROM users WHERE name = '" + name + "'"

                def run(conn, name):
                    conn.execute(build(name))
                """;
        List<Finding> findings = scanner.scanCode(code, Language.PYTHON, "t.py").findings();
        assertThat(findings).extracting(Finding::cwe, Finding::line).containsExactly(org.assertj.core.groups.Tuple.tuple("CWE-89", 5));
    }

    @Test
    void findsJavaXxeOnlyWithoutHardening() {
        String open = """
                class P { Document parse(InputStream in) throws Exception {
                    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                    return f.newDocumentBuilder().parse(in);
                } }""";
        String hardened = open.replace("return f.", "f.setFeature(\"http://apache.org/xml/features/disallow-doctype-decl\", true);\n    return f.");
        assertThat(cwes(open, Language.JAVA)).containsExactly("CWE-611");
        assertThat(cwes(hardened, Language.JAVA)).isEmpty();
    }

    @Test
    void readsCodeInMarkdownFencesCodeTagsAndInlineScripts() {
        Optional<Language> none = Optional.empty();
        String fenced = "Text\n\n```js\nconst { exec } = require('child_process');\napp.get('/x', (req, res) => exec('ls ' + req.query.dir));\n```\n";
        assertThat(scanner.scanAnswer(fenced, none, "a").findings()).extracting(Finding::cwe, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CWE-78", 5));
        String tagged = "<p>Try:</p><pre><code class=\"language-python\">def f(s):\n    return eval(s)\n</code></pre>";
        assertThat(scanner.scanAnswer(tagged, none, "a").findings()).extracting(Finding::cwe).containsExactly("CWE-94");
        String page = "```html\n<script>\nvar q = location.hash.substring(1);\ndocument.write('<b>' + q + '</b>');\n</script>\n```";
        assertThat(scanner.scanAnswer(page, none, "a").findings()).extracting(Finding::cwe, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CWE-79", 4));
        assertThat(scanner.scanAnswer("No code here, just advice.", none, "a").warnings())
                .containsExactly("no Python, Java, JavaScript or TypeScript code found");
    }

    @Test
    void binaryHugeUndecodableAndUnparsableFilesGetMessagesNotExceptions(@TempDir Path dir) throws IOException {
        Path binary = Files.write(dir.resolve("image.py"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        Path latin1 = Files.write(dir.resolve("old.py"), "x = 'caf\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1));
        Path huge = Files.writeString(dir.resolve("big.js"), "let a = 1;\n".repeat(300));
        Path broken = Files.writeString(dir.resolve("broken.py"), "def f(:\n    return eval(input())\n");
        CodeScanner small = new CodeScanner(1000);
        assertThat(small.scanFile(binary, Optional.empty()).error()).startsWith("not scanned: a binary file");
        assertThat(small.scanFile(latin1, Optional.empty()).warnings()).containsExactly("not valid UTF-8; undecodable bytes were replaced");
        assertThat(small.scanFile(huge, Optional.empty()).error()).startsWith("not scanned: 3300 bytes is more than the 1000-byte limit");
        CodeScanner.Result partial = small.scanFile(broken, Optional.empty());
        assertThat(partial.warnings().getFirst()).startsWith("python code does not parse cleanly from line 1");
        assertThat(partial.findings()).extracting(Finding::cwe).containsExactly("CWE-94"); // the rest is still analysed
        CodeScanner.Result missing = small.scanFile(dir.resolve("nope.py"), Optional.empty());
        assertThat(missing.error()).isEqualTo("cannot read: no such file");
    }
}
