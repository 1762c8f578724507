package dev.probation.detect;

import dev.probation.detect.CodeScan.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Vulnerable patterns in Python. */
final class PythonRules {

    private static final Pattern F_STRING = Pattern.compile("(?i)(?<![\\w])(?:rf|fr|f)(\"\"\"|'''|\"|')(?s:.*?)\\{[^}]+}");
    private static final Pattern PERCENT = Pattern.compile("[\"']\\s*%\\s*[\\w(\\[]");
    private static final Pattern CONCAT = Pattern.compile("[\"']\\s*\\+\\s*[\\w(]|[\\w)\\]]\\s*\\+\\s*[rbf]?[\"']");
    private static final Pattern FORMAT = Pattern.compile("[\"']\\s*\\.format\\s*\\(");

    private static final Pattern SQL_SINK = Pattern.compile("(?:\\.(?:execute|executemany|executescript|raw|read_sql|read_sql_query)"
            + "|\\btext|\\bread_sql)\\s*\\(");
    private static final Pattern SHELL_SINK = Pattern.compile("\\b(?:os\\.system|os\\.popen|commands\\.getoutput"
            + "|subprocess\\.getoutput|subprocess\\.getstatusoutput)\\s*\\(");
    private static final Pattern SUBPROCESS = Pattern.compile("\\bsubprocess\\.(?:run|call|Popen|check_output|check_call)\\s*\\(");
    private static final Pattern EVAL = Pattern.compile("(?<![\\w.])(?:eval|exec)\\s*\\(");
    private static final Pattern PICKLE = Pattern.compile("\\b(?:c?[Pp]ickle|dill|marshal|jsonpickle|shelve)\\.(?:loads?|Unpickler|decode|open)\\s*\\(");
    private static final Pattern YAML_LOAD = Pattern.compile("\\byaml\\.(?:load|unsafe_load|load_all|full_load)\\s*\\(");
    private static final Pattern FILE_SINK = Pattern.compile("(?<![\\w.])(?:open|send_file|FileResponse|os\\.remove|os\\.unlink"
            + "|shutil\\.\\w+)\\s*\\(|\\.(?:read_text|read_bytes|write_text|write_bytes)\\s*\\(");
    private static final Pattern PATH_GUARD = Pattern.compile("\\b(?:realpath|abspath|normpath|commonpath|secure_filename|basename"
            + "|is_relative_to|safe_join|send_from_directory)\\b|\\.resolve\\(\\)");
    private static final Pattern HTML = Pattern.compile("<\\s*/?\\s*[a-zA-Z][\\w-]*[\\s>/]");
    private static final Pattern HTML_SINK_ANYWHERE = Pattern.compile("(?m)(?<![\\w.])(?:Markup|mark_safe|render_template_string"
            + "|HTMLResponse|make_response|Response)\\s*\\(|^\\s*return\\b|\\.write\\s*\\(");
    private static final Pattern WEAK_HASH = Pattern.compile("\\bhashlib\\.(?:md5|sha1)\\s*\\(|\\bhashlib\\.new\\s*\\(\\s*[\"'](?:md5|sha1)[\"']"
            + "|\\b(?:DES|DES3|ARC4|Blowfish)\\.new\\s*\\(|MODE_ECB");
    private static final Pattern PASSWORD_CONTEXT = Pattern.compile("(?i)pass(?:word|wd|phrase)?\\b|\\bpwd\\b|credential|secret");
    private static final Pattern SECRET = Pattern.compile("(?im)^[^#\\n]*?\\b([A-Za-z_]*(?:password|passwd|pwd|secret|api_?key|access_?key"
            + "|auth_?token|private_?key|token|_key)[A-Za-z_]*)\\s*[:=]\\s*[rb]?([\"'])([^\"'\\s]{6,})\\2");

    private PythonRules() {}

    static List<CodeFinding> scan(CodeScan scan) {
        List<CodeFinding> findings = new ArrayList<>();
        sql(scan, findings);
        command(scan, findings);
        eval(scan, findings);
        deserialization(scan, findings);
        path(scan, findings);
        xss(scan, findings);
        weakHash(scan, findings);
        secrets(scan, findings);
        return findings;
    }

    static boolean dynamic(String expression) {
        return F_STRING.matcher(expression).find() || PERCENT.matcher(expression).find()
                || CONCAT.matcher(expression).find() || FORMAT.matcher(expression).find();
    }

    /** The expression, or when it is a variable, anything assigned to it, is built from values at run time. */
    private static boolean dynamicValue(CodeScan scan, String expression, boolean needsSql) {
        boolean variable = CodeScan.isIdentifier(expression);
        List<String> candidates = variable ? scan.assignedTo(expression.strip()) : List.of(expression);
        for (String candidate : candidates) {
            boolean sqlLike = !needsSql || CodeScan.SQL.matcher(candidate).find() || variable;
            if (sqlLike && dynamic(candidate) && interpolatesRunTimeValues(scan, candidate, variable ? expression.strip() : "")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the values put into a string are more than literals, UPPER_CASE constants, the variable
     * being built ({@code query += " AND x = 1"}) and lists of placeholders ({@code ",".join("?" * n)}).
     */
    private static boolean interpolatesRunTimeValues(CodeScan scan, String expression, String self) {
        String withoutStrings = expression.replaceAll("(?s)(?<![\\w])(?:rf|fr|f|r|b)?(\"\"\"|\'\'\'|\"|')(?:(?!\\1).)*?\\1", "\"\"");
        StringBuilder names = new StringBuilder(withoutStrings);
        Matcher braces = Pattern.compile("\\{([^{}]*)}").matcher(expression);
        while (braces.find()) {
            names.append(' ').append(braces.group(1));
        }
        Matcher format = Pattern.compile("\\.format\\s*\\(([^)]*)\\)").matcher(expression);
        while (format.find()) {
            names.append(' ').append(format.group(1));
        }
        Matcher identifier = Pattern.compile("(?<![\\w.\"'])([A-Za-z_]\\w*)(?![\\w\"'(])").matcher(names);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (name.equals(self) || name.matches("[A-Z][A-Z0-9_]*|and|or|not|in|is|for|if|else|None|True|False|_")
                    || placeholders(scan, name)) {
                continue;
            }
            return true;
        }
        return false;
    }

    /** A variable that only holds SQL placeholders, e.g. {@code ",".join("?" for _ in ids)}. */
    private static boolean placeholders(CodeScan scan, String name) {
        List<String> values = scan.assignedTo(name);
        return !values.isEmpty() && values.stream().allMatch(v -> v.contains("join") && v.matches("(?s).*[\"'](?:\\?|%s)[\"'].*"));
    }

    private static void sql(CodeScan scan, List<CodeFinding> findings) {
        for (Call call : scan.calls(SQL_SINK)) {
            if (dynamicValue(scan, call.first(), true)) {
                findings.add(new CodeFinding("CWE-89", "python.sql.interpolated-query", call.line(), scan.lineText(call.line()),
                        "a query built from run-time values by string formatting reaches " + sink(call, scan)
                                + "; pass the values as parameters instead"));
            }
        }
    }

    private static void command(CodeScan scan, List<CodeFinding> findings) {
        for (Call call : scan.calls(SHELL_SINK)) {
            if (!literal(call.first()) && !quoted(scan, call.first())) {
                findings.add(new CodeFinding("CWE-78", "python.command.shell-string", call.line(), scan.lineText(call.line()),
                        "a command string built from run-time values is run by a shell"));
            }
        }
        for (Call call : scan.calls(SUBPROCESS)) {
            boolean shell = call.args().matches("(?s).*\\bshell\\s*=\\s*True.*");
            if (shell && !literal(call.first()) && !quoted(scan, call.first())) {
                findings.add(new CodeFinding("CWE-78", "python.command.shell-true", call.line(), scan.lineText(call.line()),
                        "subprocess runs a command string built from run-time values with shell=True"));
            }
        }
    }

    /** Every interpolated value passes through shlex.quote. */
    private static boolean quoted(CodeScan scan, String expression) {
        List<String> candidates = CodeScan.isIdentifier(expression) ? scan.assignedTo(expression.strip()) : List.of(expression);
        if (candidates.isEmpty()) {
            return false;
        }
        for (String candidate : candidates) {
            Matcher braces = Pattern.compile("\\{([^}]*)}").matcher(candidate);
            boolean any = false;
            while (braces.find()) {
                any = true;
                String inner = braces.group(1);
                if (!inner.contains("quote(") && scan.assignedTo(inner.strip()).stream().noneMatch(v -> v.contains("quote("))) {
                    return false;
                }
            }
            if (!any && dynamic(candidate) && !candidate.contains("quote(")) {
                return false;
            }
        }
        return true;
    }

    private static void eval(CodeScan scan, List<CodeFinding> findings) {
        for (Call call : scan.calls(EVAL)) {
            if (!literal(call.first()) && !call.first().isEmpty()) {
                findings.add(new CodeFinding("CWE-94", "python.code.eval", call.line(), scan.lineText(call.line()),
                        "run-time input is evaluated as Python code; parse it instead (ast.literal_eval, json)"));
            }
        }
    }

    private static void deserialization(CodeScan scan, List<CodeFinding> findings) {
        for (Call call : scan.calls(PICKLE)) {
            findings.add(new CodeFinding("CWE-502", "python.deserialization.pickle", call.line(), scan.lineText(call.line()),
                    "unpickling data runs code chosen by whoever produced the data"));
        }
        for (Call call : scan.calls(YAML_LOAD)) {
            boolean safe = call.args().matches("(?s).*\\b(?:C?SafeLoader|BaseLoader)\\b.*");
            if (!safe) {
                findings.add(new CodeFinding("CWE-502", "python.deserialization.yaml-load", call.line(), scan.lineText(call.line()),
                        "yaml.load without SafeLoader can build arbitrary Python objects; use yaml.safe_load"));
            }
        }
    }

    private static void path(CodeScan scan, List<CodeFinding> findings) {
        for (String function : functions(scan.code())) {
            if (PATH_GUARD.matcher(function).find()) {
                continue;
            }
            List<String> inputs = parameters(function);
            if (inputs.isEmpty()) {
                continue;
            }
            CodeScan local = new CodeScan(function);
            for (Call call : local.calls(FILE_SINK)) {
                String target = call.first().isEmpty() ? receiver(function, call) : call.first();
                if (!literal(target) && derivedFrom(local, target, inputs, 0)) {
                    int line = scan.lineOf(scan.code().indexOf(function)) + call.line() - 1;
                    findings.add(new CodeFinding("CWE-22", "python.path.traversal", line, scan.lineText(line),
                            "a file path built from an input is opened without checking that it stays inside the base folder"));
                    break;
                }
            }
        }
    }

    private static String receiver(String function, Call call) {
        int lineStart = function.lastIndexOf('\n', call.start()) + 1;
        return function.substring(lineStart, call.start());
    }

    /** Whether {@code expression} mentions one of {@code inputs}, directly or through assignments. */
    private static boolean derivedFrom(CodeScan scan, String expression, List<String> inputs, int depth) {
        for (String input : inputs) {
            if (Pattern.compile("(?<![\\w.])" + Pattern.quote(input) + "(?!\\w)").matcher(expression).find()) {
                return true;
            }
        }
        if (depth > 3) {
            return false;
        }
        Matcher names = Pattern.compile("(?<![\\w.\"'])([A-Za-z_]\\w*)(?![\\w(\"'])").matcher(expression);
        while (names.find()) {
            for (String value : scan.assignedTo(names.group(1))) {
                if (!value.equals(expression) && derivedFrom(scan, value, inputs, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * HTML built by interpolation in a function that returns or renders it and escapes nothing
     * (html.escape, markupsafe, bleach, or an auto-escaping render_template).
     */
    private static void xss(CodeScan scan, List<CodeFinding> findings) {
        List<String> units = functions(scan.code());
        if (units.isEmpty()) {
            units = List.of(scan.code());
        }
        for (String unit : units) {
            boolean markedSafe = unit.matches("(?s).*(?:Markup|mark_safe)\\s*\\(.*|.*\\|\\s*safe\\b.*");
            boolean escapes = Pattern.compile("(?i)\\b(?:escape|bleach|sanitize)\\w*\\s*\\(|\\brender_template\\s*\\(").matcher(unit).find();
            if (escapes && !markedSafe || !HTML_SINK_ANYWHERE.matcher(unit).find()) {
                continue;
            }
            String[] lines = unit.split("\n", -1);
            for (String line : lines) {
                boolean dynamic = F_STRING.matcher(line).find() || CONCAT.matcher(line).find()
                        || PERCENT.matcher(line).find() || FORMAT.matcher(line).find();
                if (dynamic && HTML.matcher(line).find() && interpolatesUnescaped(line)) {
                    int at = scan.lineOf(scan.code().indexOf(unit) + unit.indexOf(line));
                    findings.add(new CodeFinding("CWE-79", "python.xss.html-interpolation", at, line.strip(),
                            "values are put into HTML without escaping (html.escape, markupsafe.escape or an auto-escaping template)"));
                    return;
                }
            }
        }
    }

    private static boolean interpolatesUnescaped(String line) {
        Matcher braces = Pattern.compile("\\{([^}]+)}").matcher(line);
        while (braces.find()) {
            if (!braces.group(1).matches(".*(?:escape|quote|len|int|count)\\(.*")) {
                return true;
            }
        }
        return CONCAT.matcher(line).find() || PERCENT.matcher(line).find();
    }

    private static void weakHash(CodeScan scan, List<CodeFinding> findings) {
        Matcher weak = WEAK_HASH.matcher(scan.code());
        while (weak.find()) {
            int line = scan.lineOf(weak.start());
            String context = enclosingFunction(scan.code(), weak.start());
            boolean cipher = scan.lineText(line).matches(".*(?:DES|ARC4|Blowfish|MODE_ECB).*");
            if (cipher || PASSWORD_CONTEXT.matcher(context).find()) {
                findings.add(new CodeFinding(cipher ? "CWE-327" : "CWE-328", "python.crypto.weak-hash", line,
                        scan.lineText(line), cipher ? "a broken cipher or ECB mode is used"
                                : "a fast, broken hash (MD5/SHA-1) protects passwords; use bcrypt, scrypt or PBKDF2"));
            }
        }
        Matcher ecb = Pattern.compile("MODE_ECB").matcher(scan.code());
        if (ecb.find() && findings.stream().noneMatch(f -> f.cwe().equals("CWE-327"))) {
            int line = scan.lineOf(ecb.start());
            findings.add(new CodeFinding("CWE-327", "python.crypto.ecb", line, scan.lineText(line), "ECB mode leaks patterns of the plaintext"));
        }
    }

    private static void secrets(CodeScan scan, List<CodeFinding> findings) {
        Matcher matcher = SECRET.matcher(scan.code());
        while (matcher.find()) {
            String value = matcher.group(3);
            if (value.matches("(?i).*(?:your|example|changeme|placeholder|xxx|<|\\$\\{|environ).*")
                    || !Secrets.looksSecret(matcher.group(1), value)) {
                continue;
            }
            int line = scan.lineOf(matcher.start());
            findings.add(new CodeFinding("CWE-798", "python.secrets.hard-coded", line, scan.lineText(line),
                    "a credential (" + matcher.group(1) + ") is written into the code; read it from the environment or a secret store"));
            return;
        }
    }

    static boolean literal(String expression) {
        String e = expression.strip();
        return e.matches("(?s)[rbu]?(\"\"\"|'''|\"|').*\\1") && !F_STRING.matcher(e).find() && !dynamic(e);
    }

    private static String sink(Call call, CodeScan scan) {
        String line = scan.lineText(call.line());
        Matcher name = Pattern.compile("([\\w.]+)\\s*\\(").matcher(line);
        return name.find() ? name.group(1) + "()" : "the database";
    }

    /** Top-level function bodies (def ... up to the next line at the same or smaller indentation). */
    static List<String> functions(String code) {
        List<String> functions = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher def = Pattern.compile("^(\\s*)(?:async\\s+)?def\\s").matcher(lines[i]);
            if (!def.find()) {
                continue;
            }
            int indent = def.group(1).length();
            StringBuilder body = new StringBuilder(lines[i]).append('\n');
            int j = i + 1;
            for (; j < lines.length; j++) {
                String line = lines[j];
                if (!line.isBlank() && line.length() - line.stripLeading().length() <= indent && !line.strip().startsWith(")")) {
                    break;
                }
                body.append(line).append('\n');
            }
            functions.add(body.toString());
        }
        return functions;
    }

    /** Parameter names of the function starting {@code function}, plus request-derived names. */
    private static List<String> parameters(String function) {
        List<String> names = new ArrayList<>();
        int open = function.indexOf('(');
        int close = CodeScan.closing(function, open);
        if (open >= 0 && close > open) {
            for (String parameter : CodeScan.split(function.substring(open + 1, close))) {
                String name = parameter.strip().replaceFirst("^\\*+", "").split("[:=\\s]")[0];
                if (!name.isEmpty() && !name.equals("self") && !name.equals("cls")) {
                    names.add(name);
                }
            }
        }
        names.add("request");
        names.add("input");
        names.add("sys.argv");
        return names;
    }

    private static String enclosingFunction(String code, int offset) {
        for (String function : functions(code)) {
            int start = code.indexOf(function);
            if (start >= 0 && offset >= start && offset < start + function.length()) {
                return function;
            }
        }
        return code;
    }
}
