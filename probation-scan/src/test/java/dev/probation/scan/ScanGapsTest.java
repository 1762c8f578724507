package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Python and JavaScript gaps of issue 13, each rule next to the safe twin it must leave alone:
 * weak hashes without context, eval on values that are not constants, XXE in Python, tar slip,
 * credentials compared against literals, and Jinja2's autoescape.
 */
class ScanGapsTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String code, Language language) {
        return scanner.scanCode(code.replace("\\n", "\n"), language, "t").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            python md5 of data        | PYTHON | import hashlib\\ndef digest(data):\\n    return hashlib.md5(data).hexdigest()
            python sha1 at top level  | PYTHON | import hashlib\\nh = hashlib.sha1(open('f', 'rb').read()).hexdigest()
            python hashlib.new md5    | PYTHON | import hashlib\\ndef f(b):\\n    return hashlib.new('md5', b).digest()
            java MD5 digest           | JAVA   | class H { byte[] h(byte[] b) throws Exception { return java.security.MessageDigest.getInstance("MD5").digest(b); } }
            java SHA1 digest          | JAVA   | class H { byte[] h(byte[] b) throws Exception { MessageDigest md = MessageDigest.getInstance("SHA1"); return md.digest(b); } }
            js md5 createHash         | JAVASCRIPT | const crypto = require('crypto');\\nfunction id(s) { return crypto.createHash('md5').update(s).digest('hex'); }
            """)
    void weakHashesAreFoundWithoutContext(String name, Language language, String code) {
        assertThat(cwes(code, language)).as(name).contains("CWE-328");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            usedforsecurity=False  | PYTHON | import hashlib\\ndef digest(data):\\n    return hashlib.md5(data, usedforsecurity=False).hexdigest()
            python etag            | PYTHON | import hashlib\\ndef etag(body):\\n    return hashlib.md5(body).hexdigest()
            python cache key       | PYTHON | import hashlib\\ndef cache_key(url):\\n    return hashlib.sha1(url.encode()).hexdigest()
            gravatar               | PYTHON | import hashlib\\ndef gravatar_url(email):\\n    return 'https://www.gravatar.com/avatar/' + hashlib.md5(email.strip().lower().encode()).hexdigest()
            shard                  | PYTHON | import hashlib\\ndef shard_for(key, shards):\\n    return int(hashlib.md5(key.encode()).hexdigest(), 16) % shards
            sha256                 | PYTHON | import hashlib\\ndef digest(data):\\n    return hashlib.sha256(data).hexdigest()
            java checksum          | JAVA   | class H { boolean checksumMatches(byte[] b, String published) throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b)).equals(published); } }
            java SHA-256           | JAVA   | class H { byte[] h(byte[] b) throws Exception { return MessageDigest.getInstance("SHA-256").digest(b); } }
            """)
    void contentFingerprintsAndStrongHashesAreClean(String name, Language language, String code) {
        assertThat(cwes(code, language)).as(name).doesNotContain("CWE-328");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            eval of a file           | const fs = require('fs');\\nconst code = fs.readFileSync('./plugin.js', 'utf8');\\neval(code);
            Function of storage      | const saved = localStorage.getItem('macro');\\nconst run = new Function(saved);
            Function body in a row   | const row = db.prepare('SELECT body FROM macros').get();\\nconst macro = new Function('ctx', row.body);
            eval of a global         | eval(window.pluginSource);
            vm of a fetched script   | import vm from 'vm';\\nconst script = await (await fetch('https://cdn.example.com/rules.js')).text();\\nvm.runInNewContext(script, {});
            setTimeout of a name     | let pending = '';\\nfunction later(m) { pending = "alert('" + m + "')"; }\\nsetTimeout(pending, 10);
            """)
    void jsEvalOfValuesThatAreNotConstantsIsFound(String name, String code) {
        assertThat(cwes(code, Language.JAVASCRIPT)).as(name).contains("CWE-94");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            eval of a literal        | eval('1 + 2');
            eval of a const          | const GREETING = "console.log('hi')";\\neval(GREETING);
            Function of literals     | const add = new Function('a', 'b', 'return a + b');
            lookup in a const table  | const FORMULAS = { total: 'a + b', avg: '(a + b) / 2' };\\nfunction f(k) { return eval(FORMULAS[k]); }
            constant appended to     | let expr = '1';\\nexpr += ' + 1';\\neval(expr);
            constant template        | const N = 3;\\neval(`2 * ${N}`);
            setTimeout of a callback | function later() { refresh(); }\\nsetTimeout(later, 100);
            setTimeout of an arrow   | setTimeout(() => refresh(), 100);
            loop over constants      | for (const s of ['a()', 'b()']) { eval(s); }
            built from itself        | let code = 'a()';\\ncode = code + ';b()';\\neval(code);
            """)
    void jsEvalOfConstantsIsClean(String name, String code) {
        assertThat(cwes(code, Language.JAVASCRIPT)).as(name).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            lxml default parser        | from lxml import etree\\nfrom flask import request\\n@app.route('/x', methods=['POST'])\\ndef x():\\n    return etree.fromstring(request.data).tag
            lxml on a parameter        | from lxml import etree\\ndef load(path):\\n    return etree.parse(path).getroot()
            lxml default XMLParser     | from lxml import etree\\ndef load(data):\\n    return etree.fromstring(data, etree.XMLParser())
            lxml resolve_entities=True | from lxml import etree\\nP = etree.XMLParser(resolve_entities=True)\\ndef load(data):\\n    return etree.fromstring(data, P)
            sax external entities on   | import xml.sax\\ndef load(f, handler):\\n    p = xml.sax.make_parser()\\n    p.setFeature(xml.sax.handler.feature_external_ges, True)\\n    p.setContentHandler(handler)\\n    p.parse(f)
            minidom on request data    | from xml.dom import minidom\\nfrom flask import request\\n@app.post('/x')\\ndef x():\\n    return minidom.parseString(request.get_data()).documentElement.tagName
            pulldom on request data    | from xml.dom import pulldom\\nfrom flask import request\\n@app.post('/x')\\ndef x():\\n    return [n for e, n in pulldom.parseString(request.data)]
            sax on request data        | import xml.sax\\nfrom flask import request\\n@app.post('/x')\\ndef x():\\n    xml.sax.parseString(request.data, Handler())
            ElementTree on socket data | import xml.etree.ElementTree as ET\\ndef serve(sock):\\n    return ET.fromstring(sock.recv(65536))
            """)
    void pythonXxeIsFound(String name, String code) {
        assertThat(cwes(code, Language.PYTHON)).as(name).contains("CWE-611");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            defusedxml                  | import defusedxml.ElementTree as ET\\nfrom flask import request\\n@app.post('/x')\\ndef x():\\n    return ET.fromstring(request.data).tag
            defusedxml minidom          | from defusedxml import minidom\\nfrom flask import request\\n@app.post('/x')\\ndef x():\\n    return minidom.parseString(request.data).documentElement.tagName
            lxml hardened parser        | from lxml import etree\\nSAFE = etree.XMLParser(resolve_entities=False, no_network=True)\\ndef load(data):\\n    return etree.fromstring(data, SAFE)
            lxml hardened inline        | from lxml import etree\\ndef load(data):\\n    return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
            lxml on a constant          | from lxml import etree\\nDOC = etree.fromstring('<a/>')
            ElementTree config file     | import xml.etree.ElementTree as ET\\ndef settings():\\n    return ET.parse('settings.xml').getroot()
            minidom on a parameter      | from xml.dom import minidom\\ndef load(path):\\n    return minidom.parse(path)
            ElementTree on argv         | import sys\\nimport xml.etree.ElementTree as ET\\nroot = ET.parse(sys.argv[1]).getroot()
            sax external entities off   | import xml.sax\\ndef load(f):\\n    p = xml.sax.make_parser()\\n    p.setFeature(xml.sax.handler.feature_external_ges, False)\\n    p.parse(f)
            """)
    void pythonXmlSafeFormsAreClean(String name, String code) {
        assertThat(cwes(code, Language.PYTHON)).as(name).doesNotContain("CWE-611");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            tar extractall               | import tarfile\\ndef unpack(f, dest):\\n    with tarfile.open(fileobj=f) as tar:\\n        tar.extractall(dest)
            tar extract per member       | import tarfile\\ndef unpack(p, dest):\\n    t = tarfile.open(p)\\n    for m in t.getmembers():\\n        t.extract(m, dest)
            tar inline                   | import tarfile\\ndef unpack(p, dest):\\n    tarfile.open(p).extractall(dest)
            tar fully_trusted            | import tarfile\\ndef unpack(p, dest):\\n    with tarfile.open(p) as tar:\\n        tar.extractall(dest, filter='fully_trusted')
            unpack_archive               | import shutil\\ndef restore(archive, dest):\\n    shutil.unpack_archive(archive, dest)
            zip member names to open     | import os, zipfile\\nDEST = '/srv/x'\\ndef unzip():\\n    with zipfile.ZipFile('/srv/upload.zip') as zf:\\n        for name in zf.namelist():\\n            with open(os.path.join(DEST, name), 'wb') as out:\\n                out.write(zf.read(name))
            tar '..' deny-list           | import tarfile\\ndef unpack(p, dest):\\n    with tarfile.open(p) as tar:\\n        for m in tar.getmembers():\\n            if '..' in m.name:\\n                raise ValueError(m.name)\\n        tar.extractall(dest)
            """)
    void tarSlipIsFound(String name, String code) {
        assertThat(cwes(code, Language.PYTHON)).as(name).contains("CWE-22");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            tar filter data              | import tarfile\\ndef unpack(f, dest):\\n    with tarfile.open(fileobj=f) as tar:\\n        tar.extractall(dest, filter='data')
            tar filter function          | import tarfile\\ndef unpack(p, dest):\\n    with tarfile.open(p) as tar:\\n        tar.extractall(dest, filter=tarfile.data_filter)
            tar extraction_filter        | import tarfile\\ndef unpack(p, dest):\\n    with tarfile.open(p) as tar:\\n        tar.extraction_filter = tarfile.data_filter\\n        tar.extractall(dest)
            tar checked by a helper      | import os, tarfile\\ndef inside(base, target):\\n    return os.path.realpath(target).startswith(os.path.realpath(base) + os.sep)\\ndef unpack(p, dest):\\n    with tarfile.open(p) as tar:\\n        for m in tar.getmembers():\\n            if not inside(dest, os.path.join(dest, m.name)):\\n                raise ValueError(m.name)\\n        tar.extractall(dest)
            zip extractall               | import zipfile\\ndef unzip(p, dest):\\n    with zipfile.ZipFile(p) as zf:\\n        zf.extractall(dest)
            zip by hand, checked         | import os, zipfile\\nDEST = '/srv/x'\\ndef unzip(p):\\n    with zipfile.ZipFile(p) as zf:\\n        for name in zf.namelist():\\n            target = os.path.realpath(os.path.join(DEST, name))\\n            if not target.startswith(os.path.realpath(DEST) + os.sep):\\n                raise ValueError(name)\\n            with open(target, 'wb') as out:\\n                out.write(zf.read(name))
            zip by hand, basename        | import os, zipfile\\nDEST = '/srv/x'\\ndef unzip(p):\\n    with zipfile.ZipFile(p) as zf:\\n        for name in zf.namelist():\\n            with open(os.path.join(DEST, os.path.basename(name)), 'wb') as out:\\n                out.write(zf.read(name))
            unpack_archive with filter   | import shutil\\ndef restore(archive, dest):\\n    shutil.unpack_archive(archive, dest, filter='data')
            """)
    void archiveSafeFormsAreClean(String name, String code) {
        assertThat(cwes(code, Language.PYTHON)).as(name).doesNotContain("CWE-22");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            root and toor             | PYTHON     | def login(user, pw):\\n    return user == 'root' and pw == 'toor'
            password literal          | PYTHON     | def check(form):\\n    return form['password'] == 'password'
            form get                  | PYTHON     | from flask import request\\ndef ok():\\n    return request.form.get('password') == 'admin'
            compare_digest            | PYTHON     | import hmac\\ndef ok(token):\\n    return hmac.compare_digest(token, 'f00-b4r-b4z-2024')
            common short password     | PYTHON     | DB_PASSWORD = 'root'
            js strict equality        | JAVASCRIPT | function ok(req) {\\n  const { username, password } = req.body;\\n  return username === 'admin' && password === 'admin';\\n}
            java equals               | JAVA       | class A { boolean ok(String password) { return "Sup3rSecret".equals(password); } }
            java getParameter equals  | JAVA       | class A { boolean ok(HttpServletRequest r) { return r.getParameter("password").equals("root"); } }
            """)
    void credentialsComparedWithLiteralsAreFound(String name, Language language, String code) {
        assertThat(cwes(code, language)).as(name).contains("CWE-798");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty password            | PYTHON     | def check(password):\\n    if password == '':\\n        raise ValueError('empty')
            none                      | PYTHON     | def check(password):\\n    return password is None
            role is not a credential  | PYTHON     | def admin(user):\\n    return user.role == 'admin'
            token type                | PYTHON     | def bearer(token_type):\\n    return token_type == 'bearer'
            assertion in a test       | PYTHON     | def test_login(settings):\\n    assert settings.password == 'x-test-pass'
            compared with a hash      | PYTHON     | import hmac\\ndef ok(password, stored):\\n    return hmac.compare_digest(hash_pw(password), stored)
            short non-password value  | PYTHON     | API_KEY_HEADER = 'X-Api-Key'
            js empty string           | JAVASCRIPT | function ok(password) { return password !== ''; }
            java isEmpty              | JAVA       | class A { boolean ok(String pwd) { return pwd.equals(""); } }
            """)
    void credentialLookalikesAreClean(String name, Language language, String code) {
        assertThat(cwes(code, language)).as(name).doesNotContain("CWE-798");
    }

    private static final String FLASK = "from flask import Flask, request, make_response\\nfrom jinja2 import Environment, FileSystemLoader, Template, select_autoescape\\napp = Flask(__name__)\\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            autoescape=True inline      | @app.route('/c')\\ndef c():\\n    e = Environment(autoescape=True)\\n    return e.from_string('<p>{{ q }}</p>').render(q=request.args['q'])
            select_autoescape           | env = Environment(loader=FileSystemLoader('t'), autoescape=select_autoescape(['html']))\\n@app.route('/b')\\ndef b():\\n    page = '<html>' + env.get_template('hello.html').render(name=request.args['name']) + '</html>'\\n    return page
            Template autoescape=True    | @app.route('/g')\\ndef g():\\n    t = Template('<p>{{ q }}</p>', autoescape=True)\\n    return t.render(q=request.args['q'])
            Flask's jinja_env           | @app.route('/h')\\ndef h():\\n    return make_response(app.jinja_env.from_string('<h1>{{ n }}</h1>').render(n=request.args['n']))
            module-level template       | PAGE = Environment(autoescape=True).from_string('<h1>{{ n }}</h1>')\\n@app.route('/p')\\ndef p():\\n    return make_response(PAGE.render(n=request.args['n']))
            environment on self         | class Pages:\\n    def __init__(self):\\n        self.env = Environment(autoescape=True)\\n    def page(self):\\n        return make_response(self.env.from_string('<p>{{ q }}</p>').render(q=request.args['q']))
            autoescape set afterwards   | env = Environment()\\nenv.autoescape = True\\n@app.route('/s')\\ndef s():\\n    return env.from_string('<b>{{ n }}</b>').render(n=request.args['n'])
            """)
    void jinjaTemplatesThatAutoescapeAreClean(String name, String code) {
        assertThat(cwes(FLASK + code, Language.PYTHON)).as(name).doesNotContain("CWE-79");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', textBlock = """
            bare Template               ~ RAW = Template('<h1>Hello {{ name }}</h1>')\\n@app.route('/d')\\ndef d():\\n    return RAW.render(name=request.args.get('name', ''))
            default Environment file    ~ raw_env = Environment(loader=FileSystemLoader('t'))\\n@app.route('/e')\\ndef e():\\n    return raw_env.get_template('hello.html').render(name=request.args['name'])
            autoescape=False            ~ RAW_ENV = Environment(autoescape=False)\\nT = RAW_ENV.from_string('<p>{{ q }}</p>')\\n@app.route('/f')\\ndef f():\\n    return T.render(q=request.args['q'])
            safe filter despite escape  ~ env = Environment(autoescape=True)\\nBIO = env.from_string('<p>{{ q|safe }}</p>')\\n@app.route('/s')\\ndef s():\\n    return make_response(BIO.render(q=request.args['q']))
            select_autoescape, no str   ~ env = Environment(autoescape=select_autoescape(default_for_string=False))\\nT = env.from_string('<p>{{ q }}</p>')\\n@app.route('/t')\\ndef t():\\n    return make_response(T.render(q=request.args['q']))
            """)
    void jinjaTemplatesThatDoNotEscapeAreXss(String name, String code) {
        assertThat(cwes(FLASK + code, Language.PYTHON)).as(name).contains("CWE-79");
    }

    /** Each name bound to the previous one twice: without a budget, deciding constness would take 2^n steps. */
    @Test
    void constantChainsTakeBoundedTime() {
        StringBuilder code = new StringBuilder("let a0 = 'x';\n");
        for (int i = 1; i <= 400; i++) {
            code.append("let a").append(i).append(" = a").append(i - 1).append(" + a").append(i - 1).append(";\n");
        }
        code.append("eval(a400);\nsetTimeout(a400, 1);\n");
        List<String> found = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cwes(code.toString(), Language.JAVASCRIPT));
        assertThat(found).containsOnly("CWE-94"); // past the budget, a value counts as not constant
    }
}
