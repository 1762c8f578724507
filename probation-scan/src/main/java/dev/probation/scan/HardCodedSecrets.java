package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Origin;
import dev.probation.scan.Taint.Sink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CWE-798 by flow (Juliet's CWE-259 hard-coded password and CWE-321 hard-coded cryptographic key): a
 * string literal that reaches a password or key parameter, {@code DriverManager.getConnection(url, user, pw)}
 * with {@code pw = "7e5tc4s3"} assigned in a helper, a field or another file. The sinks are models of kind
 * {@code password} and {@code key} (built-in: java-, python- and javascript-credentials.yaml; docs/scan-models.md).
 *
 * <p>The normal pass of {@link Flow} only notes that a file meets such a sink and which parameters reach one
 * (so that callers in other files are followed). Then a second, <em>literal</em> pass of the same file runs
 * with {@link LiteralRules}: non-empty string literals are the only sources, and only password and key sinks
 * report. Empty strings and placeholders ({@code "changeme"}, {@code "<password>"}, {@code "${DB_PASSWORD}"})
 * are not secrets. A literal spliced into a longer value counts: {@code "prefix" + pw} is partly hard-coded.
 */
final class HardCodedSecrets {

    /** How a literal origin is described; also how the literal pass tells literals from parameters. */
    private static final String LITERAL = "a string literal";
    /** Longer literals are text, not secrets (a PEM private key is some 3,000 characters). */
    private static final int MAX_LENGTH = 8_000;

    private HardCodedSecrets() {}

    static boolean isSecret(Sink kind) {
        return kind == Sink.PASSWORD || kind == Sink.KEY;
    }

    /** The taint a string literal carries in the literal pass: a source, unless it is empty or a placeholder. */
    static Taint literal(Node node, Flow flow) {
        return secret(flow.syntax.stringValue(node)) ? Taint.of(new Origin(LITERAL, Tree.line(node) + flow.lineOffset, true)) : Taint.CLEAN;
    }

    /** Whether a literal's value may be a secret: not empty, not a placeholder, not an encoding's name. */
    private static boolean secret(String value) {
        return value != null && !value.isBlank() && value.length() <= MAX_LENGTH && !PLACEHOLDER.matcher(value).matches() && !encoding(value);
    }

    /**
     * A value that stands for a secret rather than being one: {@code <password>}, {@code ${DB_PASSWORD}},
     * {@code changeme}. Whole-value shapes, unlike {@link Credentials}' name-based check: Juliet's key
     * {@code "23 ~j;asn!@#/>as"} holds a {@code >} and is a key all the same.
     */
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile(
            "(?is)\\s*<[^<>]*>\\s*|.*\\$\\{[^}]*}.*|.*\\{\\{[^}]*}}.*|.*%s.*|.*(?:changeme|change[-_ ]me|placeholder|your[-_ ]|xxx|\\*\\*\\*|"
                    + "redacted|replace[-_ ]?me|todo|fixme|dummy|example).*");

    /** {@code "UTF-8"}, {@code 'base64'}: the second argument of {@code Buffer.from(key, 'base64')} or {@code bytes(pw, 'utf-8')}. */
    private static boolean encoding(String value) {
        if (ENCODINGS.contains(value.toLowerCase(java.util.Locale.ROOT))) {
            return true;
        }
        try {
            return value.length() <= 20 && java.nio.charset.Charset.isSupported(value);
        } catch (java.nio.charset.IllegalCharsetNameException e) {
            return false;
        }
    }

    private static final Set<String> ENCODINGS = Set.of("base64", "base64url", "hex", "binary", "utf8", "ucs2", "latin1");

    /** What a call of a function of another file that may return a literal gives ({@link Summary#returnsLiteral}). */
    static Taint returned(Call call, Flow flow) {
        return Taint.of(new Origin(LITERAL, Tree.line(call.node()) + flow.lineOffset, true));
    }

    /**
     * Whether a returned value is a string literal, or (Java) a local the function only ever sets to string
     * literals or null, one of them a secret's: {@code String data; if (flag) data = "7e5tc4s3"; else data = null;
     * return data;}. Found in the normal pass, for the literal pass of the callers in other files.
     */
    static boolean returnsLiteral(Node value, Scope scope) {
        Syntax syntax = scope.syntax();
        if (syntax.kind(value) == Syntax.Expr.STRING) {
            return secret(syntax.stringValue(value));
        }
        if (!Tree.is(value, "identifier") || !scope.functionFinds("\"")) {
            return false;
        }
        List<Node> assigned = new ArrayList<>();
        assignments(scope.function, scope.text(value), scope.syntax().tree, assigned);
        boolean secret = false;
        for (Node v : assigned) {
            if (Tree.is(v, "null_literal")) {
                continue;
            }
            String text = syntax.kind(v) == Syntax.Expr.STRING ? syntax.stringValue(v) : null;
            if (text == null) {
                return false;
            }
            secret |= secret(text);
        }
        return secret;
    }

    /** The values a Java method assigns to a name: initialisers and assignments. */
    private static void assignments(Node node, String name, Tree tree, List<Node> out) {
        for (Node child : Tree.named(node)) {
            Node target = Tree.is(child, "variable_declarator") ? Tree.field(child, "name")
                    : Tree.is(child, "assignment_expression") ? Tree.field(child, "left") : null;
            Node value = Tree.field(child, Tree.is(child, "variable_declarator") ? "value" : "right");
            if (target != null && value != null && tree.text(target).equals(name)) {
                out.add(value);
            }
            assignments(child, name, tree, out);
        }
    }

    /**
     * The literal pass: {@code dataArray[2] = data}, {@code box.password = data}: the array or object carries
     * the literal as a whole, to the method it is passed to. (The normal pass keeps the elements apart, which
     * the injection rules' precision relies on.)
     */
    static void stored(Binding binding, Taint t, Scope scope) {
        if (!t.isTainted() || !Tree.is(binding.target(), "array_access", "field_access", "subscript", "subscript_expression", "member_expression", "attribute")) {
            return;
        }
        String root = scope.syntax().rootName(binding.target());
        if (root != null && !root.equals(binding.name()) && !Set.of("this", "self").contains(root)) {
            scope.env.merge(root, t, Taint::join);
        }
    }

    /** The part of the taint that comes from literals, not from parameters or input. */
    static Taint literalsOnly(Taint t) {
        List<Taint.Flow> kept = t.flows().stream().filter(f -> f.origin().what().equals(LITERAL)).toList();
        return kept.size() == t.flows().size() ? t : new Taint(kept, t.composed() && !kept.isEmpty());
    }

    static String message(Sink kind, Taint constant, String where) {
        String what = kind == Sink.KEY ? "a hard-coded cryptographic key (CWE-321)" : "a hard-coded password (CWE-259)";
        return what + ": " + constant.describe() + " reaches " + where
                + "; anyone who reads the code has it: read it from the environment, a key store or a secret manager";
    }

    /**
     * {@code env.put(Context.SECURITY_CREDENTIALS, pw)}: the password of a JNDI (LDAP) login, which a model cannot
     * name (the sink is a map key). Java; checked in both passes, like the models' sinks.
     */
    static void jndi(Call call, Scope scope) {
        if (Rules.nameIs(call, "put", "setProperty") && call.args().size() == 2) {
            String key = scope.text(call.arg(0));
            if (key.endsWith("SECURITY_CREDENTIALS") || key.equals("\"java.naming.security.credentials\"")) {
                scope.sink(Sink.PASSWORD, call.arg(1), Credentials.CWE, "java.hardcoded-credential", call.node(),
                        "the JNDI environment (Context.SECURITY_CREDENTIALS)", false);
            }
        }
    }

    /** Runs the literal pass on a file whose normal pass met a password or key sink; its findings not already found. */
    static List<Finding> literalPass(Tree tree, String file, int lineOffset, ScanModels models, Callees callees, List<Finding> found) {
        Set<String> known = new HashSet<>();
        found.forEach(f -> known.add(f.cwe() + ":" + f.line()));
        List<Finding> more = new ArrayList<>();
        for (Finding f : new Flow(tree, file, lineOffset, models, callees, ThreatModel.REMOTE, true).run()) {
            if (known.add(f.cwe() + ":" + f.line())) {
                more.add(f);
            }
        }
        return more;
    }

    /**
     * The language's rules in the literal pass: they fold constants, drop dead branches and say what cleans
     * data, but name no sources and check no sinks (the password and key models do). An unknown call's
     * result carries its receiver's literals, not its arguments': {@code pw.getBytes("UTF-8")} is the
     * password, {@code props.getProperty("db.password")} is not a literal.
     */
    static final class LiteralRules extends Rules {

        private final Rules rules;

        LiteralRules(Rules rules) {
            this.rules = rules;
        }

        @Override
        void call(Call call, Scope scope) {
            if (scope.syntax().tree.language() == Language.JAVA) {
                jndi(call, scope);
            }
        }

        @Override
        void binding(Binding binding, Scope scope) {}

        @Override
        void returned(Node value, Scope scope) {}

        @Override
        void file(Flow flow) {}

        @Override
        Origin memberSource(String text, int line) {
            return null;
        }

        @Override
        Origin callSource(Call call, int line) {
            return null;
        }

        @Override
        Set<Sink> sanitises(Call call, Scope scope) {
            return rules.sanitises(call, scope);
        }

        @Override
        boolean composes(Call call) {
            return rules.composes(call) || wraps(call);
        }

        @Override
        boolean buildsString(Call call) {
            return rules.buildsString(call);
        }

        @Override
        boolean returnsReceiverOnly(Call call, Scope scope) {
            return !wraps(call);
        }

        @Override
        Set<Node> deadCode(Node node, Scope scope) {
            return rules.deadCode(node, scope);
        }

        @Override
        Object constant(Node node, Scope scope) {
            return rules.constant(node, scope);
        }

        @Override
        void checks(Node node, Scope scope, Checks.Proof validated) {
            rules.checks(node, scope, validated);
        }

        /** Calls that give back their argument's text in another form: {@code String.valueOf(pw)}, {@code Buffer.from(key)}. */
        private static boolean wraps(Call call) {
            return WRAPPERS.contains(call.callee()) || call.constructor() && Rules.nameIs(call, "String");
        }

        private static final Set<String> WRAPPERS = Set.of("String.valueOf", "String.copyValueOf", "Buffer.from", "bytes", "str",
                "bytearray");
    }
}
