package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases a reviewer found wrong: checks that prove nothing, flows across blocks and classes, hostile input. */
class ReviewedCasesTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String code, Language language) {
        return scanner.scanCode(code, language, "t").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            deny-list in              | from flask import request, abort\\nimport os\\n@app.route('/p')\\ndef p():\\n    host = request.args['h']\\n    if ';' in host:\\n        abort(400)\\n    os.system('ping -c 1 ' + host)
            isinstance str            | from flask import request, abort\\n@app.route('/u')\\ndef u():\\n    name = request.args['n']\\n    if not isinstance(name, str):\\n        abort(400)\\n    db.execute("SELECT * FROM u WHERE n = '%s'" % name)
            unanchored re.match       | import re, subprocess\\nfrom flask import request, abort\\n@app.route('/d')\\ndef d():\\n    domain = request.args['d']\\n    if not re.match(r'[a-z0-9.-]+', domain):\\n        abort(400)\\n    subprocess.check_output(f'nslookup {domain}', shell=True)
            check that logs only      | import re, subprocess\\nfrom flask import request\\n@app.route('/d')\\ndef d():\\n    domain = request.args['d']\\n    if re.fullmatch(r'[a-z0-9.-]+', domain):\\n        print('looks fine')\\n    subprocess.check_output(f'nslookup {domain}', shell=True)
            in-word inside a string   | from flask import request\\n@app.route('/m')\\ndef m():\\n    msg = request.args['m']\\n    if msg == 'please sign in now':\\n        return 'hi'\\n    db.execute("INSERT INTO t VALUES ('" + msg + "')")
            """)
    void checksThatProveNothingDoNotHideAFlow(String name, String code) {
        assertThat(cwes(code.replace("\\n", "\n"), Language.PYTHON)).as(name).isNotEmpty();
    }

    @Test
    void anAnchoredCheckThatRejectsStillCounts() {
        String code = """
                import re, subprocess
                from flask import request, abort
                @app.route('/d')
                def d():
                    domain = request.args['d']
                    if not re.fullmatch(r'[a-z0-9.-]+', domain):
                        abort(400)
                    subprocess.check_output(f'nslookup {domain}', shell=True)
                """;
        assertThat(cwes(code, Language.PYTHON)).isEmpty();
        assertThat(cwes(code.replace("re.fullmatch(r'[a-z0-9.-]+'", "re.match(r'^[a-z0-9.-]+$'"), Language.PYTHON)).isEmpty();
        assertThat(cwes("""
                const { exec } = require('child_process');
                app.get('/p', (req, res) => {
                  const host = req.query.host;
                  if (host.includes(';')) return res.sendStatus(400);
                  exec('ping -c 1 ' + host);
                });
                """, Language.JAVASCRIPT)).containsExactly("CWE-78");
    }

    @Test
    void javaResolveWithoutNormaliseIsNotAContainmentCheck() {
        String code = """
                @GetMapping("/f") byte[] f(@RequestParam String name) throws Exception {
                    Path p = ROOT.resolve(name);
                    if (!p.startsWith(ROOT)) throw new SecurityException();
                    return Files.readAllBytes(p);
                }""";
        assertThat(cwes(code, Language.JAVA)).containsExactly("CWE-22");
        assertThat(cwes(code.replace("ROOT.resolve(name)", "ROOT.resolve(name).normalize()"), Language.JAVA)).isEmpty();
    }

    @Test
    void xxeHardeningMustBeACallThatHardens() {
        String open = """
                class X { Document read(InputStream in) throws Exception {
                    // TODO: set disallow-doctype-decl before release
                    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", %s);
                    return f.newDocumentBuilder().parse(in);
                } }""";
        assertThat(cwes(open.formatted("false"), Language.JAVA)).containsExactly("CWE-611");
        assertThat(cwes(open.formatted("true"), Language.JAVA)).isEmpty();
    }

    @Test
    void aModuleFunctionDoesNotReplaceAMethodOfTheSameName() {
        String code = """
                class Repo:
                    def where(self, text):
                        return "SELECT * FROM t WHERE name = '" + text + "'"

                    def find(self, text):
                        return self.conn.execute(self.where(text))

                def where(text):
                    return int(text)
                """;
        assertThat(cwes(code, Language.PYTHON)).containsExactly("CWE-89");
    }

    @Test
    void followsAHelperAcrossCodeBlocksAndReadsATruncatedLastBlock() {
        String split = """
                First a helper:

                ```python
                def run(conn, sql):
                    return conn.execute(sql)
                ```

                Then the route:

                ```python
                @app.route("/u")
                def u():
                    return run(conn, "SELECT * FROM users WHERE name = '" + request.args["name"] + "'")
                ```
                """;
        assertThat(scanner.scanAnswer(split, Optional.empty(), "a").findings()).extracting(Finding::cwe, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CWE-89", 13));
        String truncated = "```bash\npip install flask\n```\n\n```python\nimport os\nfrom flask import request\nos.system(\"ping \" + request.args[\"h\"])\n";
        assertThat(scanner.scanAnswer(truncated, Optional.empty(), "a").findings()).extracting(Finding::cwe).containsExactly("CWE-78");
    }

    @Test
    void aGivenLanguageMakesBareTextCode() {
        String bare = "\uFEFFcmd = \"ping \" + input()\nos.system(cmd)\n";
        assertThat(scanner.scanText(bare, Optional.of(Language.PYTHON), "-").findings()).extracting(Finding::cwe).containsExactly("CWE-78");
        assertThat(scanner.scanText(bare, Optional.empty(), "-").findings()).isEmpty();
    }

    @Test
    void hostileInputNeitherCrashesNorHangs() {
        String nested = "```python\ntree = " + "[".repeat(20_000) + "]".repeat(20_000) + "\n```\n";
        CodeScanner.Result deep = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> scanner.scanAnswer(nested, Optional.empty(), "deep"));
        assertThat(deep.error()).isNull();
        assertThat(deep.warnings()).isNotEmpty();

        String fences = "text\n" + "```x\n".repeat(20_000);
        String tags = "<code>\n".repeat(20_000);
        String calls = "const a = require('x');\n" + "foo(a);\n".repeat(20_000);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            scanner.scanAnswer(fences, Optional.empty(), "fences");
            scanner.scanAnswer(tags, Optional.empty(), "tags");
            scanner.scanCode(calls, Language.JAVASCRIPT, "calls.js");
            scanner.scanCode("class M {\n" + "  void m%d(String s) { log(v); }\n".repeat(5_000) + "}\n", Language.JAVA, "M.java");
        });
    }

    @Test
    void followsDataThroughObjectAttributes() {
        assertThat(cwes("""
                import subprocess
                from flask import request
                class Pinger:
                    def __init__(self, host):
                        self.host = host
                    def ping(self):
                        return subprocess.check_output("ping -c 1 " + self.host, shell=True)
                @app.route("/p")
                def p():
                    return Pinger(request.args["host"]).ping()
                """, Language.PYTHON)).containsExactly("CWE-78");
        assertThat(cwes("""
                class Report {
                    private final String sortBy;
                    Report(String sortBy) { this.sortBy = sortBy; }
                    ResultSet run(Statement st) throws Exception {
                        return st.executeQuery("SELECT * FROM r ORDER BY " + sortBy);
                    }
                }""", Language.JAVA)).containsExactly("CWE-89");
        assertThat(cwes("""
                export class Repo {
                  constructor(private sortBy: string) {}
                  list() { return pool.query(`SELECT * FROM items ORDER BY ${this.sortBy}`); }
                }""", Language.TYPESCRIPT)).containsExactly("CWE-89");
        // a constructor's configuration is not an attack on file paths
        assertThat(cwes("""
                import os
                class Store:
                    def __init__(self, root):
                        self.root = root
                    def index(self):
                        return open(os.path.join(self.root, "index.json")).read()
                """, Language.PYTHON)).isEmpty();
    }
}
