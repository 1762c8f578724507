package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Binding;
import java.util.regex.Pattern;

/** CWE-798: secrets written into the code. */
final class Credentials {

    private Credentials() {}

    static final String CWE = "CWE-798";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(?:passw|passwd|pwd|secret|token|api_?key|apikey|access_?key|private_?key|auth_?key|signing_?key|"
                    + "client_?secret|credential|bearer).*|(?i)(?:.*[._])?pass|(?i)(?:.*[._])?pw");
    /** Names that hold something about a secret rather than the secret: a header name, a file, an env variable. */
    private static final Pattern NOT_A_SECRET_NAME = Pattern.compile(
            "(?i).*(?:header|field|param|_name|name$|url|uri|path|file|dir|env|var|prefix|type|endpoint|length|len$|"
                    + "min|max|expir|ttl|timeout|algorithm|alg$|label|placeholder|regex|pattern|column|hint|message|msg|"
                    + "error|policy|scope|audience|issuer|id$|_id|hash$|hashed|digest).*");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i).*(?:your[_-]|<|>|\\$\\{|\\{\\{|%s|changeme|change-me|example|placeholder|dummy|xxx|\\*\\*\\*|\\.\\.\\.|redacted|"
                    + "replace|todo|fixme|insert).*");
    private static final Pattern KNOWN_FORMAT = Pattern.compile(
            "AKIA[0-9A-Z]{16}|\\bsk-(?:live-|proj-)?[A-Za-z0-9]{20,}|\\bsk_live_[A-Za-z0-9]{16,}|\\bghp_[A-Za-z0-9]{30,}|"
                    + "\\bxox[baprs]-[A-Za-z0-9-]{10,}|\\bAIza[0-9A-Za-z_-]{30,}|-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----|"
                    + "\\bglpat-[A-Za-z0-9_-]{20,}");
    /** Bounded parts: unbounded, every word of a long dotted string would be scanned to its end (quadratic). */
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile(
            "\\b[a-z][a-z0-9+.-]{0,31}://[^:/\\s@'\"]{1,256}:([^@/\\s'\"]{3,256})@");

    /** Default and common passwords: short, but a secret all the same ({@code DB_PASSWORD = "root"}). */
    private static final java.util.Set<String> COMMON_PASSWORDS = java.util.Set.of("root", "toor", "admin", "pass", "guest",
            "test", "1234", "12345", "qwerty", "letmein", "secret", "master", "abc123", "pa55");

    /** Whether a name is a credential's ({@code password}, {@code user.pw}, {@code api_key}) and not something about one ({@code password_field}). */
    static boolean isCredentialName(String name) {
        String bare = name.replaceAll("['\"\\]]", "");
        String lastSegment = bare.substring(Math.max(bare.lastIndexOf('.'), bare.lastIndexOf('[')) + 1);
        return SECRET_NAME.matcher(name).matches() && !NOT_A_SECRET_NAME.matcher(lastSegment).matches();
    }

    static boolean isPlaceholder(String value) {
        return PLACEHOLDER.matcher(value).matches();
    }

    /** Whether a literal assigned to {@code name} looks like a real secret. */
    static boolean looksSecret(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        if (!SECRET_NAME.matcher(name).matches()) {
            // OWM_KEY, stripeKey: a generic key name counts when the value looks random
            return name.matches("(?i).*key") && value.length() >= 16 && value.matches(".*\\d.*") && value.matches(".*[A-Za-z].*")
                    && value.matches("[A-Za-z0-9_\\-+/=.]+") && !PLACEHOLDER.matcher(value).matches();
        }
        String bare = name.replaceAll("['\"\\]]", "");
        String lastSegment = bare.substring(Math.max(bare.lastIndexOf('.'), bare.lastIndexOf('[')) + 1);
        if (NOT_A_SECRET_NAME.matcher(lastSegment).matches() || PLACEHOLDER.matcher(value).matches()) {
            return false;
        }
        if (value.matches("[A-Z][A-Z0-9_]+") || value.startsWith("/") || value.chars().filter(c -> c == ' ').count() >= 2) {
            return false; // an environment variable's name, a file, a sentence
        }
        return value.length() >= 6 || COMMON_PASSWORDS.contains(value.toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code PASSWORD = "..."}, {@code app.config["SECRET_KEY"] = "..."}. */
    static void check(Binding binding, Scope scope) {
        String value = literal(binding.value(), scope);
        if (looksSecret(binding.name(), value)) {
            scope.report(CWE, rule(scope), binding.value(),
                    "a literal secret is assigned to '" + binding.name().replaceAll("\\s+", "") + "'; read it from the environment or a secret store");
        }
    }

    /** A literal passed as a credential-named argument or object field: {@code password="..."}, {@code {apiKey: '...'}}. */
    static void checkNamed(String name, Node value, Scope scope) {
        if (value != null && looksSecret(name, literal(value, scope))) {
            scope.report(CWE, rule(scope), value, "a literal secret is passed as '" + name + "'");
        }
    }

    /** Key formats that are secrets whatever they are called, and URLs with a password in them. */
    static void scanLiterals(Flow flow) {
        scan(flow.tree.root(), flow);
    }

    private static void scan(Node node, Flow flow) {
        Syntax syntax = flow.syntax;
        if (syntax.kind(node) == Syntax.Expr.STRING && !Tree.is(node, "string_content", "string_fragment")) {
            String text = flow.tree.text(node);
            var url = URL_WITH_PASSWORD.matcher(text.contains("://") && text.indexOf('@') >= 0 ? text : "");
            if (mayHoldKey(text) && KNOWN_FORMAT.matcher(text).find()) {
                flow.report(CWE, flow.tree.language().id() + ".hardcoded-credential", node, "a literal API key or private key is in the code");
            } else if (url.find() && !PLACEHOLDER.matcher(url.group(1)).matches() && !url.group(1).startsWith("$")) {
                flow.report(CWE, flow.tree.language().id() + ".hardcoded-credential", node, "a connection URL carries a literal password");
            }
            return;
        }
        if (Tree.is(node, "pair")) {
            Node key = Tree.field(node, "key");
            Node value = Tree.field(node, "value");
            String keyText = key == null ? "" : flow.tree.text(key).replaceAll("[\"'`]", "");
            if (value != null && looksSecret(keyText, syntax.stringValue(value))) {
                flow.report(CWE, flow.tree.language().id() + ".hardcoded-credential", value,
                        "a literal secret is stored under '" + keyText + "'");
            }
        }
        for (Node child : Tree.named(node)) {
            scan(child, flow);
        }
    }

    /** Whether the text holds the start of a {@link #KNOWN_FORMAT}: searched fast, since most literals (docstrings) hold none. */
    private static boolean mayHoldKey(String text) {
        for (String start : KEY_STARTS) {
            if (text.contains(start)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] KEY_STARTS = {"AKIA", "sk-", "sk_live_", "ghp_", "xox", "AIza", "-----BEGIN ", "glpat-"};

    /** A literal, also inside {@code "...".getBytes()}, {@code "...".encode()}, {@code Buffer.from("...")}. */
    private static String literal(Node node, Scope scope) {
        Syntax syntax = scope.syntax();
        Syntax.Call call = syntax.call(node);
        if (call != null && Rules.nameIs(call, "getBytes", "encode", "toCharArray", "toByteArray") && call.receiver() != null) {
            return syntax.stringValue(call.receiver());
        }
        if (call != null && Rules.nameIs(call, "from") && call.arg(0) != null) {
            return syntax.stringValue(call.arg(0));
        }
        return syntax.stringValue(node);
    }

    private static String rule(Scope scope) {
        return scope.syntax().tree.language().id() + ".hardcoded-credential";
    }
}
