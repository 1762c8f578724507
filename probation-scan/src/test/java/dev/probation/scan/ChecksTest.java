package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The polarity of checks: an allow-list test proves a value safe only where it passed. A branch
 * that leaves when the value IS allowed ({@code if (ALLOWED.contains(x)) continue;}) proves
 * nothing afterwards, and the else branch of a failed check is where the value passed.
 */
class ChecksTest {

    private static final String FLASK = "from flask import request\\nimport os, re, sqlite3\\nALLOWED = {'name', 'date'}\\n";
    private static final String JAVA = "import java.util.*; import java.sql.*; import javax.servlet.http.*;\\n"
            + "class C { static final Set<String> ALLOWED = Set.of(\"a\", \"b\");\\n";

    private final CodeScanner scanner = new CodeScanner();

    private List<String> cwes(String code, Language language) {
        return scanner.scanCode(code.replace("\\n", "\n"), language, "t").findings().stream().map(Finding::cwe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            python leaves when allowed    | PYTHON | def f(db):\\n    sort = request.args.get('sort')\\n    if sort in ALLOWED:\\n        return None\\n    db.execute('SELECT * FROM t ORDER BY ' + sort)
            python else of a failed check | PYTHON | def f():\\n    name = request.args.get('n')\\n    if re.fullmatch(r'[a-z]+', name):\\n        print('ok')\\n    else:\\n        os.system('ls ' + name)
            python negated, no exit       | PYTHON | def f():\\n    name = request.args.get('n')\\n    if not re.fullmatch(r'[a-z]+', name):\\n        print('bad name')\\n    os.system('ls ' + name)
            python not in, inside branch  | PYTHON | def f(db):\\n    sort = request.args.get('sort')\\n    if sort not in ALLOWED:\\n        db.execute('SELECT * FROM t ORDER BY ' + sort)
            java continue when allowed    | JAVA   | void f(HttpServletRequest req, Statement st) throws Exception {\\n for (String x : req.getParameterValues("c")) {\\n  if (ALLOWED.contains(x)) continue;\\n  st.execute("SELECT " + x + " FROM t");\\n }\\n} }
            java negated, no exit         | JAVA   | void f(HttpServletRequest req, Statement st) throws Exception {\\n String x = req.getParameter("c");\\n if (!ALLOWED.contains(x)) { System.out.println("odd"); }\\n st.execute("SELECT " + x + " FROM t");\\n} }
            js return when allowed        | JAVASCRIPT | const ALLOWED = new Set(['a']);\\napp.get('/', (req, res) => {\\n  const sort = req.query.sort;\\n  if (ALLOWED.has(sort)) { return res.send('ok'); }\\n  db.query('SELECT * FROM t ORDER BY ' + sort);\\n});
            """)
    void aCheckThatPassedOnTheOtherPathProvesNothing(String name, Language language, String code) {
        String prefix = language == Language.PYTHON ? FLASK : "";
        assertThat(cwes(prefix + (language == Language.JAVA ? JAVA : "") + code, language)).as(name).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            python aborts when not allowed | PYTHON | def f(db):\\n    sort = request.args.get('sort')\\n    if sort not in ALLOWED:\\n        return None\\n    db.execute('SELECT * FROM t ORDER BY ' + sort)
            python else of a negated check | PYTHON | def f():\\n    name = request.args.get('n')\\n    if not re.fullmatch(r'[a-z]+', name):\\n        print('bad')\\n    else:\\n        os.system('ls ' + name)
            python inside a passed check   | PYTHON | def f():\\n    name = request.args.get('n')\\n    if re.fullmatch(r'[a-z]+', name):\\n        os.system('ls ' + name)
            python match is None aborts    | PYTHON | def f():\\n    name = request.args.get('n')\\n    if re.fullmatch(r'[a-z]+', name) is None:\\n        raise ValueError(name)\\n    os.system('ls ' + name)
            python commonpath differs      | PYTHON | def f():\\n    name = request.args.get('n')\\n    base = os.path.realpath('/srv')\\n    full = os.path.realpath(os.path.join(base, name))\\n    if os.path.commonpath([base, full]) != base:\\n        raise PermissionError(name)\\n    return open(full).read()
            java continue when not allowed | JAVA   | void f(HttpServletRequest req, Statement st) throws Exception {\\n for (String x : req.getParameterValues("c")) {\\n  if (!ALLOWED.contains(x)) continue;\\n  st.execute("SELECT " + x + " FROM t");\\n }\\n} }
            java either fails              | JAVA   | void f(HttpServletRequest req, Statement st) throws Exception {\\n String x = req.getParameter("c");\\n if (x == null || !ALLOWED.contains(x)) return;\\n st.execute("SELECT " + x + " FROM t");\\n} }
            js return when not allowed     | JAVASCRIPT | const ALLOWED = new Set(['a']);\\napp.get('/', (req, res) => {\\n  const sort = req.query.sort;\\n  if (!ALLOWED.has(sort)) { return res.status(400).end(); }\\n  db.query('SELECT * FROM t ORDER BY ' + sort);\\n});
            """)
    void aCheckCountsWhereItPassed(String name, Language language, String code) {
        String prefix = language == Language.PYTHON ? FLASK : "";
        assertThat(cwes(prefix + (language == Language.JAVA ? JAVA : "") + code, language)).as(name).isEmpty();
    }
}
