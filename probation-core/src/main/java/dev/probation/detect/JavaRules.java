package dev.probation.detect;

import dev.probation.detect.CodeScan.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Vulnerable patterns in Java (JDBC, processes, files, servlets, serialization, XML parsers). */
final class JavaRules {

    private static final Pattern CONCAT = Pattern.compile("\"\\s*\\+\\s*[\\w(]|[\\w)\\]]\\s*\\+\\s*\"");
    private static final Pattern FORMAT = Pattern.compile("String\\.format\\s*\\(|\\.formatted\\s*\\(");

    private static final Pattern SQL_SINK = Pattern.compile("\\.(?:executeQuery|executeUpdate|executeLargeUpdate|execute|addBatch"
            + "|prepareStatement|prepareCall|createQuery|createNativeQuery|queryForList|queryForObject|queryForMap|query|update)\\s*\\(");
    private static final Pattern RUNTIME_EXEC = Pattern.compile("\\.exec\\s*\\(");
    private static final Pattern PROCESS_BUILDER = Pattern.compile("new\\s+ProcessBuilder\\s*\\(");
    private static final Pattern FILE_SINK = Pattern.compile("new\\s+(?:File|FileInputStream|FileReader|FileOutputStream)\\s*\\(|\\b(?:Paths\\.get|Path\\.of)\\s*\\("
            + "|\\.resolve\\s*\\(");
    private static final Pattern PATH_GUARD = Pattern.compile("\\.startsWith\\s*\\(|getCanonicalPath|FilenameUtils\\.getName|\\.getFileName\\(\\)");
    private static final Pattern OBJECT_INPUT = Pattern.compile("new\\s+ObjectInputStream\\s*\\(|new\\s+XMLDecoder\\s*\\(");
    private static final Pattern XML_FACTORY = Pattern.compile("\\b(?:DocumentBuilderFactory|SAXParserFactory|XMLInputFactory|TransformerFactory"
            + "|SchemaFactory)\\.newInstance\\s*\\(|new\\s+(?:SAXReader|SAXBuilder)\\s*\\(|XMLReaderFactory\\.createXMLReader\\s*\\(");
    private static final Pattern XML_GUARD = Pattern.compile("disallow-doctype-decl|external-general-entities|ACCESS_EXTERNAL_DTD"
            + "|SUPPORT_DTD|IS_SUPPORTING_EXTERNAL_ENTITIES|FEATURE_SECURE_PROCESSING|load-external-dtd");
    private static final Pattern HTML_WRITE = Pattern.compile("\\.(?:print|println|write|append|printf)\\s*\\(");
    private static final Pattern HTML = Pattern.compile("<\\s*/?\\s*[a-zA-Z][\\w-]*[\\s>/]");
    private static final Pattern ESCAPED = Pattern.compile("(?i)(?:escape\\w*|Encode\\.for\\w+|htmlEscape|sanitize\\w*|encodeForHTML)\\s*\\(");
    private static final Pattern WEAK_DIGEST = Pattern.compile("MessageDigest\\.getInstance\\s*\\(\\s*\"(?:MD5|MD2|SHA-?1|SHA)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern WEAK_CIPHER = Pattern.compile("Cipher\\.getInstance\\s*\\(\\s*\"(?:DES|DESede|RC4|RC2|Blowfish|AES|AES/ECB[^\"]*)\"");
    private static final Pattern PASSWORD_CONTEXT = Pattern.compile("(?i)pass(?:word|wd|phrase)?\\b|\\bpwd\\b|credential|secret");
    private static final Pattern SECRET = Pattern.compile("(?i)\\b(?:String|var|char\\[\\])\\s+([A-Za-z_]*(?:password|passwd|pwd|secret|apikey|api_key"
            + "|accesskey|access_key|authtoken|auth_token|privatekey|token)[A-Za-z_]*)\\s*=\\s*\"([^\"\\s]{6,})\"");

    private static final Pattern CREDENTIAL_CALL = Pattern.compile("new\\s+PasswordAuthentication\\s*\\(\\s*\"[^\"]*\"\\s*,\\s*\"[^\"]{4,}\""
            + "|DriverManager\\.getConnection\\s*\\([^,]+,\\s*\"[^\"]*\"\\s*,\\s*\"[^\"]{4,}\"");

    private JavaRules() {}

    static List<CodeFinding> scan(CodeScan scan) {
        List<CodeFinding> findings = new ArrayList<>();
        for (Call call : scan.calls(SQL_SINK)) {
            if (dynamicValue(scan, call.first(), true)) {
                add(findings, scan, "CWE-89", "java.sql.concatenated-query", call,
                        "a query built by string concatenation reaches JDBC; use a PreparedStatement with ? placeholders");
            }
        }
        for (Call call : scan.calls(RUNTIME_EXEC)) {
            if (scan.lineText(call.line()).contains("getRuntime") || scan.code().contains("Runtime")) {
                if (!call.first().matches("\\s*\"[^\"]*\"\\s*") && !call.first().strip().startsWith("new String[]{\"")
                        || call.args().matches("(?s).*\"(?:sh|bash|/bin/sh|/bin/bash|cmd|cmd\\.exe)\"\\s*,\\s*\"[-/]c\".*") && CONCAT.matcher(call.args()).find()) {
                    add(findings, scan, "CWE-78", "java.command.runtime-exec", call,
                            "Runtime.exec runs a command line built from run-time values; pass a fixed program and an argument list");
                }
            }
        }
        for (Call call : scan.calls(PROCESS_BUILDER)) {
            if (call.args().matches("(?s).*\"(?:sh|bash|/bin/sh|/bin/bash|cmd|cmd\\.exe)\"\\s*,\\s*\"[-/][cC]\".*")
                    && (CONCAT.matcher(call.args()).find() || FORMAT.matcher(call.args()).find())) {
                add(findings, scan, "CWE-78", "java.command.shell-c", call, "a shell runs a command string built from run-time values");
            }
        }
        if (!PATH_GUARD.matcher(scan.code()).find()) {
            for (Call call : scan.calls(FILE_SINK)) {
                boolean fromInput = call.arguments().stream().anyMatch(arg -> !arg.strip().matches("\"[^\"]*\"|[A-Z][A-Z0-9_]*"));
                if (fromInput && !call.args().contains(".normalize()")) {
                    add(findings, scan, "CWE-22", "java.path.traversal", call,
                            "a file path built from input is used without normalising it and checking that it stays inside the base folder");
                    break;
                }
            }
        }
        for (Call call : scan.calls(OBJECT_INPUT)) {
            if (!scan.code().matches("(?s).*(?:setObjectInputFilter|ObjectInputFilter|ValidatingObjectInputStream|resolveClass).*")) {
                add(findings, scan, "CWE-502", "java.deserialization.object-input-stream", call,
                        "native Java deserialization of untrusted bytes can run code through gadget chains");
            }
        }
        for (Call call : scan.calls(XML_FACTORY)) {
            if (!XML_GUARD.matcher(scan.code()).find()) {
                add(findings, scan, "CWE-611", "java.xxe.default-parser", call,
                        "an XML parser with default settings resolves external entities; disallow DOCTYPE declarations");
                break;
            }
        }
        String[] lines = scan.code().split("\n", -1);
        for (Call call : scan.calls(HTML_WRITE)) {
            String line = lines[call.line() - 1];
            boolean formatted = line.matches(".*\\.(?:printf|format)\\s*\\(.*") && call.args().contains("%s") && call.arguments().size() > 1;
            if ((HTML.matcher(call.args()).find() || line.contains("getWriter")) && (CONCAT.matcher(call.args()).find() || formatted)
                    && !ESCAPED.matcher(call.args()).find() && (formatted || call.args().matches("(?s).*(?:getParameter|\\+\\s*\\w+).*"))
                    && scan.code().matches("(?s).*(?:HttpServletResponse|getWriter|PrintWriter).*")) {
                add(findings, scan, "CWE-79", "java.xss.writer", call, "request values are written into HTML without escaping");
                break;
            }
        }
        for (int line : scan.matchLines(WEAK_DIGEST)) {
            if (PASSWORD_CONTEXT.matcher(scan.code()).find()) {
                findings.add(new CodeFinding("CWE-328", "java.crypto.weak-hash", line, scan.lineText(line),
                        "MD5/SHA-1 protects passwords; use PBKDF2, bcrypt or Argon2"));
            }
        }
        for (int line : scan.matchLines(WEAK_CIPHER)) {
            findings.add(new CodeFinding("CWE-327", "java.crypto.weak-cipher", line, scan.lineText(line),
                    "a broken cipher, or AES in (default) ECB mode, is used"));
        }
        Matcher credentials = CREDENTIAL_CALL.matcher(scan.code());
        if (credentials.find()) {
            int line = scan.lineOf(credentials.start());
            findings.add(new CodeFinding("CWE-798", "java.secrets.hard-coded-credentials", line, scan.lineText(line),
                    "a password is passed as a string literal; read it from the environment or a secret store"));
            return findings;
        }
        Matcher secret = SECRET.matcher(scan.code());
        if (secret.find() && !secret.group(2).matches("(?i).*(?:your|example|changeme|placeholder|xxx|<).*")
                && Secrets.looksSecret(secret.group(1), secret.group(2))) {
            int line = scan.lineOf(secret.start());
            findings.add(new CodeFinding("CWE-798", "java.secrets.hard-coded", line, scan.lineText(line),
                    "a credential (" + secret.group(1) + ") is written into the code; read it from the environment or a secret store"));
        }
        return findings;
    }

    private static boolean dynamicValue(CodeScan scan, String expression, boolean needsSql) {
        List<String> candidates = CodeScan.isIdentifier(expression) ? scan.assignedTo(expression.strip()) : List.of(expression);
        for (String candidate : candidates) {
            boolean dynamic = CONCAT.matcher(candidate).find() || FORMAT.matcher(candidate).find() || candidate.contains(".append(");
            if (dynamic && (!needsSql || CodeScan.SQL.matcher(candidate).find()) && !constantsOnly(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** "SELECT ..." + TABLE + " WHERE id = ?" where the only names are UPPER_CASE constants. */
    private static boolean constantsOnly(String expression) {
        String withoutStrings = expression.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
        Matcher names = Pattern.compile("(?<![\\w.\"])([A-Za-z_]\\w*)(?![\\w(])").matcher(withoutStrings);
        while (names.find()) {
            if (!names.group(1).matches("[A-Z][A-Z0-9_]*")) {
                return false;
            }
        }
        return true;
    }

    private static void add(List<CodeFinding> findings, CodeScan scan, String cwe, String rule, Call call, String why) {
        findings.add(new CodeFinding(cwe, rule, call.line(), scan.lineText(call.line()), why));
    }
}
