package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Origin;
import dev.probation.scan.Taint.Sink;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One language's knowledge: where untrusted data comes from, what cleans it, and which calls are
 * sinks. The flow analysis asks; the rules answer and report.
 */
abstract class Rules {

    /** Calls that add their arguments to the object they are called on. */
    static final Set<String> MUTATORS = Set.of("append", "extend", "add", "push", "insert", "put", "update", "unshift",
            "appendLine");

    static final Set<Sink> ALL = EnumSet.allOf(Sink.class);
    static final Set<Sink> NONE = EnumSet.noneOf(Sink.class);

    /** Calls in a condition that prove their subject is harmless. */
    private static final Set<String> VALIDATORS = Set.of("isdigit", "isnumeric", "isdecimal", "isalnum", "isalpha",
            "isidentifier", "fullmatch", "matches", "isInteger", "isSafeInteger", "isUUID", "isAlphanumeric",
            "isNumeric", "isInt", "isFinite", "is_valid", "isValid", "isValidName");
    /** Regex searches: they prove something only when the pattern is anchored at both ends. */
    private static final Set<String> SEARCHES = Set.of("match", "search", "test");
    private static final Pattern ANCHORED = Pattern.compile("^[rbuRBU]*['\"/`]\\^.*(?:\\$|\\\\Z|\\\\z)['\"`]?/?[a-z]*$", Pattern.DOTALL);
    private static final Pattern NUMERIC_TYPES = Pattern.compile("isinstance\\(\\s*\\w+\\s*,\\s*\\(?\\s*(?:int|float|bool|Decimal|UUID|uuid\\.UUID)\\b");
    /** Membership tests against an allow-list. */
    private static final Set<String> MEMBERSHIP = Set.of("includes", "has", "contains", "containsKey", "__contains__");
    /** Checks that a resolved path stays inside a base folder. */
    private static final Set<String> PATH_CHECKS = Set.of("startswith", "startsWith", "is_relative_to", "relative_to",
            "commonpath", "commonprefix", "isUnder", "isInside");

    /** Possessive: otherwise the optional spaces on both sides of '/' split a long run of spaces every way (quadratic). */
    private static final Pattern HTML_TAG = Pattern.compile("<\\s*+/?\\s*+[a-zA-Z][a-zA-Z0-9]*+[\\s>/]");

    /** The language's constant evaluation; null where only literals are known. */
    private final ConstantFolding folding;

    Rules() {
        this(null);
    }

    Rules(ConstantFolding folding) {
        this.folding = folding;
    }

    static Rules of(Language language) {
        return switch (language) {
            case PYTHON -> new PythonRules();
            case JAVA -> new JavaRules();
            case JAVASCRIPT, TYPESCRIPT -> new JsRules();
        };
    }

    /** Checks one call: sinks, weak crypto, unsafe deserialisation, credentials in arguments. */
    abstract void call(Call call, Scope scope);

    /** Checks one assignment: credentials, DOM sinks. */
    void binding(Binding binding, Scope scope) {
        Credentials.check(binding, scope);
        WebRules.binding(binding, scope);
    }

    /** Checks one returned value: HTML built from input in a web handler. */
    void returned(Node value, Scope scope) {}

    /** Children of the node that never run, because the code fixes its condition ({@link ConstantFolding}). */
    Set<Node> deadCode(Node node, Scope scope) {
        return folding == null ? Set.of() : folding.dead(node, scope);
    }

    /** The node's value as the language's constant evaluation knows it; without one, a string or whole-number literal's, or null. */
    Object constant(Node node, Scope scope) {
        if (folding != null) {
            return folding.constant(node, scope);
        }
        String text = scope.syntax().kind(node) == Syntax.Expr.STRING ? scope.syntax().stringValue(node) : null;
        if (text != null) {
            return text;
        }
        String number = scope.text(node);
        return scope.syntax().kind(node) == Syntax.Expr.LITERAL && number.matches("-?\\d{1,12}") ? Long.parseLong(number) : null;
    }

    /** Whole-file checks, such as XML parsers never hardened. */
    void file(Flow flow) {
        Credentials.scanLiterals(flow);
        CredentialComparisons.scan(flow);
        WebRules.file(flow);
    }

    /** A member or name that is itself untrusted input: {@code request.args}, {@code process.env}. */
    abstract Origin memberSource(String text, int line);

    /** A call that returns untrusted input: {@code input()}, {@code getParameter(...)}. */
    abstract Origin callSource(Call call, int line);

    /** The sinks a call's result is safe for: all for {@code int(x)}, HTML for {@code escape(x)}. */
    abstract Set<Sink> sanitises(Call call, Scope scope);

    /** Whether the call splices its arguments into a string or path ({@code format}, {@code join}). */
    abstract boolean composes(Call call);

    /** Whether a mutating call splices text into a string under construction ({@code StringBuilder.append}). */
    boolean buildsString(Call call) {
        return false;
    }

    /** Whether the result depends only on the receiver: a lookup in a constant table ({@code ALLOWED.get(k)}). */
    boolean returnsReceiverOnly(Call call, Scope scope) {
        if (call.receiver() == null || !Set.of("get", "getOrDefault", "getProperty").contains(call.name())) {
            return false;
        }
        String root = scope.text(call.receiver()).split("[.\\[(]", 2)[0];
        return root.equals(root.toUpperCase(Locale.ROOT)) && root.chars().anyMatch(Character::isLetter);
    }

    /** Reports the names a condition node proves harmless, for which sinks. */
    void checks(Node node, Scope scope, Checks.Proof validated) {
        Syntax syntax = scope.syntax();
        UrlChecks.checks(node, scope, validated);
        Call call = syntax.call(node);
        if (call == null) {
            return;
        }
        if (Set.of("every", "all", "allMatch").contains(call.name()) && call.receiver() != null && call.arg(0) != null
                && scope.text(call.arg(0)).matches("(?s).*\\b(?:" + String.join("|", VALIDATORS) + "|" + String.join("|", SEARCHES) + "|"
                + String.join("|", MEMBERSHIP) + ")\\(.*")) {
            String root = syntax.rootName(call.receiver()); // segments.every(s => SEGMENT.test(s))
            if (root != null) {
                validated.accept(root, ALL);
            }
        }
        if (VALIDATORS.contains(call.name()) || SEARCHES.contains(call.name()) && anchoredPattern(call, scope)
                || call.name().equals("isinstance") && NUMERIC_TYPES.matcher(scope.text(call.node())).find()) {
            collectNames(call.node(), syntax, name -> validated.accept(name, ALL));
        } else if (MEMBERSHIP.contains(call.name())) {
            // ALLOWED.includes(x) validates x; host.includes(';') is a deny-list and validates nothing
            for (Node arg : call.args()) {
                if (!syntax.isConstantString(arg)) {
                    collectNames(arg, syntax, name -> validated.accept(name, ALL));
                }
            }
        } else if (PATH_CHECKS.contains(call.name())) {
            // a base-folder check proves nothing about a path whose '..' segments were never resolved
            boolean resolvedHere = Checks.NORMALISING.matcher(scope.text(call.node())).find();
            collectNames(call.node(), syntax, name -> {
                if (resolvedHere || scope.normalised(name)) {
                    validated.accept(name, EnumSet.of(Sink.PATH));
                }
            });
        }
    }

    /** The pattern of {@code re.match(p, x)}, {@code /p/.test(x)} or {@code PATTERN.match(x)}, if it is anchored at both ends. */
    private static boolean anchoredPattern(Call call, Scope scope) {
        List<Node> candidates = new java.util.ArrayList<>(call.args());
        if (call.receiver() != null) {
            candidates.add(call.receiver());
        }
        for (Node node : candidates) {
            String text = scope.text(node).strip();
            if (ANCHORED.matcher(text).matches()) {
                return true;
            }
            String value = literal(node, scope); // a named, compiled pattern
            if (value == null && node.getType().equals("identifier")) {
                value = scope.syntax().tree.assignedPattern(text);
            } else if (value != null) {
                value = "'" + value + "'";
            }
            if (value != null && ANCHORED.matcher(value.strip()).matches()) {
                return true;
            }
        }
        return false;
    }

    static void collectNames(Node node, Syntax syntax, java.util.function.Consumer<String> out) {
        if (syntax.kind(node) == Syntax.Expr.NAME) {
            out.accept(syntax.tree.text(node));
            return;
        }
        String root = syntax.rootName(node);
        if (root != null) {
            out.accept(root);
        }
        for (Node child : Tree.named(node)) {
            collectNames(child, syntax, out);
        }
    }

    /** Whether the text holds an HTML tag. */
    static boolean looksLikeHtml(String text) {
        return HTML_TAG.matcher(text).find();
    }

    /** Whether any string literal in the function holds an HTML tag (generic types like {@code List<User>} do not count). */
    static boolean buildsHtml(Scope scope) {
        return scope.buildsHtml();
    }

    static boolean literalHtml(Node node, Syntax syntax) {
        Syntax.Expr kind = syntax.kind(node);
        if (kind == Syntax.Expr.STRING || kind == Syntax.Expr.INTERPOLATED) {
            return looksLikeHtml(syntax.tree.text(node));
        }
        for (Node child : Tree.named(node)) {
            if (literalHtml(child, syntax)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the expression builds a string: concatenation, interpolation, formatting. */
    static boolean isStringBuilding(Node node, Scope scope) {
        while (Tree.is(node, "parenthesized_expression", "await_expression") && node.getNamedChildCount() == 1) {
            node = node.getNamedChild(0);
        }
        Syntax.Expr kind = scope.syntax().kind(node);
        if (kind == Syntax.Expr.CONCAT || kind == Syntax.Expr.INTERPOLATED || kind == Syntax.Expr.FORMAT) {
            return true;
        }
        if (kind == Syntax.Expr.NAME) {
            return scope.taint(node).composed();
        }
        Syntax.Call call = scope.syntax().call(node);
        return call != null && nameIs(call, "format", "formatted", "join", "toString", "render", "concat");
    }

    /** The value of a string literal, or of a constant the file assigns a literal to ({@code ALGORITHM = "SHA1withRSA"}). */
    static String literal(Node node, Scope scope) {
        if (node == null) {
            return null;
        }
        String value = scope.syntax().stringValue(node);
        if (value != null || scope.syntax().kind(node) != Syntax.Expr.NAME && scope.syntax().kind(node) != Syntax.Expr.MEMBER) {
            return value;
        }
        String name = lastSegment(scope.text(node));
        return scope.syntax().tree.constant(name);
    }

    /** {@code b} of {@code a.b}; a regex ({@code .*\.}) would take time quadratic in the length of a long name. */
    static String lastSegment(String dotted) {
        return dotted.substring(dotted.lastIndexOf('.') + 1);
    }

    /** Words that make a hash a security hash (passwords, tokens, signatures). */
    private static final Pattern SECURITY_CONTEXT = Pattern.compile(
            "(?i)passw|passwd|pwd|secret|token|signature|\\bsign|credential|session|\\botp\\b|api_?key|apikey|login|"
                    + "\\bsalt|verify|nonce|reset|\\bauth|integrity|tamper|hmac");

    static boolean securityContext(Scope scope) {
        return scope.functionFinds(SECURITY_CONTEXT.pattern());
    }

    /**
     * Words that say a hash only fingerprints content or is fixed by a protocol: an HTTP ETag, a cache
     * key, a download checksum, S3's Content-MD5, a shard or bucket, a Gravatar URL, a WebSocket accept key.
     */
    private static final Pattern CONTENT_FINGERPRINT = Pattern.compile("(?i)etag|cache|checksum|dedup|content.?md5|shard|bucket|gravatar|websocket");

    /**
     * Whether a weak hash (MD5, SHA-1) is a finding here: always, unless the function says it only
     * fingerprints content and says nothing about passwords, tokens or signatures.
     */
    static boolean weakHashMatters(Scope scope) {
        return securityContext(scope) || !scope.functionFinds(CONTENT_FINGERPRINT.pattern());
    }

    static boolean nameIs(Call call, String... names) {
        for (String n : names) {
            if (n.equals(call.name())) {
                return true;
            }
        }
        return false;
    }

    static boolean calleeIs(Call call, String... callees) {
        for (String c : callees) {
            if (c.equals(call.callee())) {
                return true;
            }
        }
        return false;
    }
}
