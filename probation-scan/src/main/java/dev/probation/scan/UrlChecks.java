package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What makes a URL from the request safe to fetch or redirect to, and which URLs cannot be steered.
 * <ul>
 *   <li>a check of its host against an allow-list or a constant ({@code urlparse(u).hostname in ALLOWED},
 *       {@code new URL(u).host === 'api.example.com'}, {@code ALLOWED.contains(uri.getHost())}), or a
 *       call that does it ({@code url_has_allowed_host_and_scheme}, {@code is_safe_url}): safe for both;</li>
 *   <li>a relative-path-only check: {@code startswith('/')} together with a {@code '//'} check, or a
 *       check that the parsed URL has no host ({@code not urlparse(u).netloc}): safe for redirects. A
 *       bare {@code startswith('/')} is not, since {@code //evil.example} passes it;</li>
 *   <li>a URL whose text starts with a fixed scheme and host ending in '/', '?' or '#'
 *       ({@code f"https://api.example.com/users/{uid}"}), or a relative path whose first segment is fixed
 *       ({@code "/profile/" + name}): the request data is only in the path or query, so it cannot choose
 *       the host. Without the '/' after the host it could ({@code "https://api.example.com" + "@evil.example"}).</li>
 * </ul>
 * A check of a parsed copy ({@code parsed = urlparse(url)}) counts for the URL it was parsed from.
 */
final class UrlChecks {

    static final Set<Sink> BOTH = EnumSet.of(Sink.URL, Sink.REDIRECT);
    private static final Set<String> SAFE_URL_CALLS = Set.of("url_has_allowed_host_and_scheme", "is_safe_url", "isSafeUrl",
            "isSafeRedirect", "is_safe_redirect", "isAllowedUrl", "is_allowed_url", "isAllowedHost", "is_allowed_host",
            "isSafeRedirectUrl", "is_allowed_redirect", "isAllowedRedirect", "isTrustedUrl", "is_trusted_url");
    /** The parts of a parsed URL that name where it goes. */
    private static final Pattern HOST = Pattern.compile("(?s).*(?:\\.(?:hostname|netloc|host|origin|authority)\\b|getHost\\(|getAuthority\\().*");
    private static final Pattern NO_HOST = Pattern.compile("(?s).*\\.(?:netloc|host|hostname)\\b.*");
    private static final Pattern RELATIVE_ONLY = Pattern.compile("(?s).*(?:startswith|startsWith)\\(\\s*['\"]/['\"]\\s*\\).*['\"](?://|\\\\\\\\)['\"].*");
    /** {@code https://host/}, {@code https://host?}, with no interpolation before the end of the host. */
    private static final Pattern FIXED_HOST = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#{}$%\\s'\"`+]+[/?#].*", Pattern.DOTALL);
    /** {@code /profile/...}: a first segment of its own, so the value cannot become {@code //evil.example}. */
    private static final Pattern FIXED_PATH = Pattern.compile("^/[^/\\\\{}$%\\s'\"`+]+.*", Pattern.DOTALL);
    private static final Pattern STRING_START = Pattern.compile("^(?:[fFrRbBuU]{0,2})(?:\"\"\"|'''|[\"'`])");

    private UrlChecks() {}

    /** Adds the names a condition proves safe to fetch or redirect to. */
    static void checks(Node node, Scope scope, Checks.Proof validated) {
        Syntax syntax = scope.syntax();
        Call call = syntax.call(node);
        if (call != null && SAFE_URL_CALLS.contains(call.name())) {
            names(call.node(), scope, BOTH, true, validated);
            return;
        }
        if (Tree.is(node, "attribute", "member_expression") && Tree.is(node.getParent(), "boolean_operator", "not_operator", "if_statement",
                "unary_expression", "binary_expression", "parenthesized_expression") && NO_HOST.matcher(scope.text(node)).matches()) {
            names(node, scope, EnumSet.of(Sink.REDIRECT), false, validated); // if urlparse(u).netloc: abort(): holds when it has a host
            return;
        }
        if (!Tree.is(node, "comparison_operator", "binary_expression", "method_invocation", "call_expression", "not_operator",
                "unary_expression", "boolean_operator")) {
            return;
        }
        String text = scope.text(node);
        if (Tree.is(node, "boolean_operator", "binary_expression") && RELATIVE_ONLY.matcher(text).matches()) {
            // startswith('/') and not startswith('//') holds for a relative URL; not ... or ... holds for the others
            names(node, scope, EnumSet.of(Sink.REDIRECT), !hasOperator(node, "or", "||"), validated);
        } else if (Tree.is(node, "not_operator", "unary_expression") && NO_HOST.matcher(text).matches()) {
            names(node, scope, EnumSet.of(Sink.REDIRECT), true, validated); // not urlparse(u).netloc: relative only
        } else if (HOST.matcher(text).matches() && comparesHost(node, call, scope)) {
            names(node, scope, BOTH, true, validated);
        }
    }

    /** A membership test or an equality with a constant: {@code in}, {@code ==}, {@code includes}, {@code equals}. */
    private static boolean comparesHost(Node node, Call call, Scope scope) {
        if (call != null) {
            return Rules.nameIs(call, "includes", "has", "contains", "equals", "equalsIgnoreCase", "endsWith", "endswith");
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            Node child = node.getChild(i);
            if (!child.isNamed() && Set.of("in", "not in", "==", "!=", "===", "!==").contains(child.getType())) {
                return true;
            }
        }
        return false;
    }

    private static void names(Node node, Scope scope, Set<Sink> sinks, boolean whenTrue, Checks.Proof validated) {
        Rules.collectNames(node, scope.syntax(), name -> {
            validated.proves(name, sinks, whenTrue);
            String parsedFrom = parsedFrom(name, scope);
            if (parsedFrom != null) {
                validated.proves(parsedFrom, sinks, whenTrue);
            }
        });
    }

    private static boolean hasOperator(Node node, String... operators) {
        for (int i = 0; i < node.getChildCount(); i++) {
            if (!node.getChild(i).isNamed() && Set.of(operators).contains(node.getChild(i).getType())) {
                return true;
            }
        }
        return false;
    }

    /** {@code parsed = urlparse(url)}, {@code URI uri = new URI(target)}, {@code const u = new URL(x)}: url, target, x. */
    private static String parsedFrom(String name, Scope scope) {
        if (!name.matches("[\\w$]+")) {
            return null;
        }
        var m = Pattern.compile("(?<![\\w$.])" + Pattern.quote(name) + "\\s*=\\s*(?:new\\s+)?(?:[\\w.]*\\.)?"
                + "(?:urlparse|urlsplit|URL|URI|create|parse|toURL)\\(\\s*([\\w$]+)").matcher(scope.functionText());
        return m.find() ? m.group(1) : null;
    }

    /**
     * Whether the URL's host is fixed in the code: its text starts with a literal scheme, host and '/',
     * or a relative path with a fixed first segment (for redirects), directly or through a constant
     * ({@code BASE_URL + path} with {@code BASE_URL = "https://api.example.com/"}).
     */
    static boolean fixedHost(Node url, Scope scope, boolean relativeToo) {
        String prefix = literalPrefix(url, scope);
        return prefix != null && (FIXED_HOST.matcher(prefix).matches() || relativeToo && FIXED_PATH.matcher(prefix).matches());
    }

    /** The literal text a URL expression starts with, or null. */
    private static String literalPrefix(Node url, Scope scope) {
        Syntax syntax = scope.syntax();
        Node first = url;
        for (int depth = 0; depth < 10; depth++) { // the left end of "a" + b + c
            Syntax.Expr kind = syntax.kind(first);
            if (kind == Syntax.Expr.CONCAT && !syntax.parts(first).isEmpty()) {
                first = syntax.parts(first).getFirst();
            } else if (kind == Syntax.Expr.FORMAT && !syntax.parts(first).isEmpty()) {
                first = syntax.parts(first).getFirst();
            } else {
                break;
            }
        }
        Call call = syntax.call(first);
        if (call != null && Rules.nameIs(call, "format", "formatted") && call.receiver() != null) {
            first = call.receiver(); // "https://api.example.com/{}".format(x)
        }
        String text = scope.text(first).strip();
        var quote = STRING_START.matcher(text);
        if (quote.find()) {
            return text.substring(quote.end());
        }
        return Rules.literal(first, scope);
    }
}
