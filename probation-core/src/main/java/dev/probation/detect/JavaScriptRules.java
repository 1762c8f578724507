package dev.probation.detect;

import dev.probation.detect.CodeScan.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Vulnerable patterns in JavaScript and TypeScript (Node, Express, browser). */
final class JavaScriptRules {

    private static final Pattern TEMPLATE = Pattern.compile("`[^`]*\\$\\{[^}]+}[^`]*`");
    private static final Pattern CONCAT = Pattern.compile("[\"'`]\\s*\\+\\s*[\\w(]|[\\w)\\]]\\s*\\+\\s*[\"'`]");

    private static final Pattern SQL_SINK = Pattern.compile("\\.(?:query|execute|raw|run|all|get|exec|prepare|each)\\s*\\(");
    private static final Pattern EXEC = Pattern.compile("(?<![\\w.])(?:exec|execSync)\\s*\\(|\\b(?:child_process|cp|childProcess)\\.(?:exec|execSync)\\s*\\(");
    private static final Pattern SPAWN = Pattern.compile("(?<![\\w.])(?:spawn|spawnSync|execFile|execFileSync)\\s*\\(|\\.(?:spawn|execFile)\\s*\\(");
    private static final Pattern EVAL = Pattern.compile("(?<![\\w.])eval\\s*\\(|\\bnew\\s+Function\\s*\\(|\\bvm\\.runIn\\w*Context\\s*\\("
            + "|\\bvm\\.runInThisContext\\s*\\(|(?<![\\w.])(?:setTimeout|setInterval)\\s*\\(\\s*[`\"']");
    private static final Pattern UNSERIALIZE = Pattern.compile("\\b(?:unserialize|deserialize)\\s*\\(|\\bfunester\\b|\\bfuncster\\b");
    private static final Pattern HTML = Pattern.compile("<\\s*/?\\s*[a-zA-Z][\\w-]*[\\s>/]");
    private static final Pattern HTML_SINK = Pattern.compile("\\bres\\b[\\w.()\"' ]*\\.(?:send|write|end)\\s*\\(|\\.innerHTML\\s*[+]?=|\\bdocument\\.write(?:ln)?\\s*\\("
            + "|\\.insertAdjacentHTML\\s*\\(|\\bouterHTML\\s*=|dangerouslySetInnerHTML");
    private static final Pattern ESCAPED = Pattern.compile("(?i)\\b(?:escape\\w*|sanitize\\w*|encode\\w*|DOMPurify|xss|he\\.encode|validator\\.escape)\\s*\\(");
    private static final Pattern FILE_SINK = Pattern.compile("\\bfs(?:\\.promises)?\\.(?:readFile|readFileSync|createReadStream|writeFile"
            + "|writeFileSync|unlink|unlinkSync|readdir|appendFile)\\s*\\(|\\bres\\.(?:sendFile|download)\\s*\\(|(?<![\\w.])(?:readFile|createReadStream)\\s*\\(");
    private static final Pattern PATH_GUARD = Pattern.compile("\\.startsWith\\s*\\(|\\bpath\\.basename\\s*\\(|\\broot\\s*:|path\\.relative\\s*\\(");
    private static final Pattern WEAK_HASH = Pattern.compile("createHash\\s*\\(\\s*['\"](?:md5|sha1)['\"]|createCipher(?:iv)?\\s*\\(\\s*['\"](?:des|rc4|[\\w-]*ecb)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PASSWORD_CONTEXT = Pattern.compile("(?i)pass(?:word|wd|phrase)?\\b|\\bpwd\\b|credential|secret");
    private static final Pattern SECRET = Pattern.compile("(?im)^[^/\\n]*?\\b([A-Za-z_$]*(?:password|passwd|pwd|secret|api_?key|apiKey|access_?key"
            + "|auth_?token|authToken|private_?key|token)[A-Za-z_$]*)['\"]?\\s*[:=]\\s*([\"'`])([^\"'`\\s$]{6,})\\2", Pattern.CASE_INSENSITIVE);

    private JavaScriptRules() {}

    static List<CodeFinding> scan(CodeScan scan) {
        List<CodeFinding> findings = new ArrayList<>();
        for (Call call : scan.calls(SQL_SINK)) {
            if (dynamicValue(scan, call.first(), true)) {
                add(findings, scan, "CWE-89", "javascript.sql.interpolated-query", call,
                        "a query built from run-time values by string interpolation reaches the database; use placeholders and a values array");
            }
        }
        if (scan.code().contains("child_process")) {
            for (Call call : scan.calls(EXEC)) {
                if (dynamicValue(scan, call.first(), false)) {
                    add(findings, scan, "CWE-78", "javascript.command.exec-string", call,
                            "child_process.exec runs a command string built from run-time values in a shell; use execFile with an argument list");
                }
            }
            for (Call call : scan.calls(SPAWN)) {
                if (call.args().matches("(?s).*\\bshell\\s*:\\s*true.*") && dynamicValue(scan, call.first(), false)) {
                    add(findings, scan, "CWE-78", "javascript.command.shell-true", call,
                            "a command built from run-time values is run with shell: true");
                }
            }
        }
        for (Call call : scan.calls(EVAL)) {
            boolean constructor = scan.code().startsWith("new", call.start());
            if (constructor ? !call.arguments().stream().allMatch(JavaScriptRules::literal) : !literal(call.first())) {
                add(findings, scan, "CWE-94", "javascript.code.eval", call, "run-time input is evaluated as JavaScript code");
            }
        }
        for (Call call : scan.calls(UNSERIALIZE)) {
            if (scan.code().contains("node-serialize") || scan.code().contains("serialize-javascript") || call.args().contains("req")) {
                add(findings, scan, "CWE-502", "javascript.deserialization.unserialize", call,
                        "node-serialize's unserialize runs functions embedded in the data");
            }
        }
        xss(scan, findings);
        path(scan, findings);
        for (int line : scan.matchLines(WEAK_HASH)) {
            boolean cipher = !scan.lineText(line).contains("createHash");
            if (cipher || PASSWORD_CONTEXT.matcher(scan.code()).find()) {
                findings.add(new CodeFinding(cipher ? "CWE-327" : "CWE-328", "javascript.crypto.weak-hash", line, scan.lineText(line),
                        cipher ? "a broken cipher or ECB mode is used" : "MD5/SHA-1 protects passwords; use scrypt, bcrypt or argon2"));
            }
        }
        Matcher secret = SECRET.matcher(scan.code());
        while (secret.find()) {
            if (!secret.group(3).matches("(?i).*(?:your|example|changeme|placeholder|xxx|<|process\\.env).*")) {
                int line = scan.lineOf(secret.start());
                findings.add(new CodeFinding("CWE-798", "javascript.secrets.hard-coded", line, scan.lineText(line),
                        "a credential (" + secret.group(1) + ") is written into the code; read it from process.env or a secret store"));
                break;
            }
        }
        return findings;
    }

    private static void xss(CodeScan scan, List<CodeFinding> findings) {
        java.util.Set<String> escapers = escapers(scan.code());
        String[] lines = scan.code().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!HTML_SINK.matcher(line).find()) {
                continue;
            }
            String statement = scan.statement(scan.code().indexOf(line));
            boolean htmlSink = HTML.matcher(statement).find() || line.contains("innerHTML") || line.contains("document.write");
            boolean unescaped = htmlSink && (unescapedInterpolation(scan, statement, escapers, 0)
                    || CONCAT.matcher(statement).find() && escapers.stream().noneMatch(e -> statement.contains(e + "(")));
            boolean variableIntoInnerHtml = line.matches(".*\\.innerHTML\\s*[+]?=\\s*[\\w.]+\\s*;?\\s*") && !line.matches(".*=\\s*['\"`].*");
            Matcher arg = Pattern.compile("\\.(?:send|write|end)\\s*\\(\\s*([\\w.]+)\\s*\\)").matcher(line);
            boolean variableHtml = arg.find() && scan.assignedTo(arg.group(1)).stream()
                    .anyMatch(v -> HTML.matcher(v).find() && unescapedInterpolation(scan, v, escapers, 0));
            if (unescaped || variableIntoInnerHtml || variableHtml) {
                findings.add(new CodeFinding("CWE-79", "javascript.xss.html-interpolation", i + 1, line.strip(),
                        "values are put into HTML without escaping; escape them or set textContent"));
                return;
            }
        }
    }

    /** A ${...} in a template literal whose value is not escaped (directly, or where the variable was built). */
    private static boolean unescapedInterpolation(CodeScan scan, String text, java.util.Set<String> escapers, int depth) {
        Matcher interpolation = Pattern.compile("\\$\\{([^}]*)}").matcher(text);
        while (interpolation.find()) {
            String expression = interpolation.group(1).strip();
            boolean escaped = escapers.stream().anyMatch(e -> expression.startsWith(e + "("))
                    || expression.matches("[\\w.]+\\.length|\\d+|[\\w.]*(?:count|total|id|Id|index)");
            if (!escaped && CodeScan.isIdentifier(expression) && depth < 2) {
                List<String> values = scan.assignedTo(expression);
                escaped = !values.isEmpty() && values.stream().noneMatch(v -> unescapedInterpolation(scan, v, escapers, depth + 1)
                        || !v.contains("${") && !escapers.stream().anyMatch(e -> v.contains(e + "(")));
            }
            if (!escaped) {
                return true;
            }
        }
        return false;
    }

    /** Names of escaping functions: the usual libraries, and local functions that replace '<' with '&lt;'. */
    private static java.util.Set<String> escapers(String code) {
        java.util.Set<String> names = new java.util.HashSet<>(List.of("escape", "escapeHtml", "escapeHTML", "htmlEscape", "sanitize",
                "encode", "he.encode", "he.escape", "DOMPurify.sanitize", "validator.escape", "encodeURIComponent", "xss"));
        Matcher local = Pattern.compile("(?:const|let|var|function)\\s+(\\w+)\\s*(?:=|\\()").matcher(code);
        while (local.find()) {
            int end = code.indexOf('\n', code.indexOf('\n', local.end()) + 1);
            String body = code.substring(local.start(), end < 0 ? code.length() : end);
            if (body.contains("&lt;") || body.contains("&amp;")) {
                names.add(local.group(1));
            }
        }
        return names;
    }

    private static void path(CodeScan scan, List<CodeFinding> findings) {
        if (PATH_GUARD.matcher(scan.code()).find()) {
            return;
        }
        for (Call call : scan.calls(FILE_SINK)) {
            String target = call.first();
            boolean fromRequest = target.matches("(?s).*\\breq(?:uest)?\\.(?:params|query|body)\\b.*")
                    || CodeScan.isIdentifier(target) && scan.assignedTo(target.strip()).stream()
                            .anyMatch(v -> v.matches("(?s).*(?:\\breq(?:uest)?\\.(?:params|query|body)|\\+|\\$\\{|path\\.join).*"))
                    || target.matches("(?s).*(?:path\\.join|\\$\\{|\\+).*");
            if (fromRequest && !literal(target)) {
                add(findings, scan, "CWE-22", "javascript.path.traversal", call,
                        "a file path built from request input is used without checking that it stays inside the base folder");
                return;
            }
        }
    }

    private static boolean dynamicValue(CodeScan scan, String expression, boolean needsSql) {
        List<String> candidates = CodeScan.isIdentifier(expression) ? scan.assignedTo(expression.strip()) : List.of(expression);
        for (String candidate : candidates) {
            boolean dynamic = TEMPLATE.matcher(candidate).find() || CONCAT.matcher(candidate).find()
                    || candidate.contains(".concat(");
            boolean sqlLike = !needsSql || CodeScan.SQL.matcher(candidate).find();
            if (dynamic && sqlLike && !placeholdersOnly(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean placeholdersOnly(String expression) {
        Matcher interpolations = Pattern.compile("\\$\\{([^}]*)}").matcher(expression);
        boolean any = false;
        while (interpolations.find()) {
            any = true;
            if (!interpolations.group(1).strip().matches(".*(?:placeholders|'\\?'|\"\\?\"|\\.map\\(.*\\?).*|[A-Z][A-Z0-9_]*")) {
                return false;
            }
        }
        return any && !CONCAT.matcher(expression).find();
    }

    private static boolean literal(String expression) {
        String e = expression.strip();
        return e.matches("(?s)([\"'])(?:(?!\\1).)*\\1") || e.matches("(?s)`[^`$]*`");
    }

    private static void add(List<CodeFinding> findings, CodeScan scan, String cwe, String rule, Call call, String why) {
        findings.add(new CodeFinding(cwe, rule, call.line(), scan.lineText(call.line()), why));
    }
}
