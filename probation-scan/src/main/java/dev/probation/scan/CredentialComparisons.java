package dev.probation.scan;

import java.util.List;
import java.util.Set;

/**
 * CWE-798 where a secret is not stored but checked: {@code password == 'hunter2'},
 * {@code if user == 'root' and pw == 'toor'}, {@code pass === 'admin'},
 * {@code "s3cret".equals(password)}, {@code hmac.compare_digest(token, "...")}. Anyone who reads
 * the code can log in. The compared side counts when its name (a variable, attribute, dictionary key
 * or the key read with {@code .get("password")}) is a credential's; empty strings and placeholders
 * do not, nor do comparisons in assertions (tests).
 */
final class CredentialComparisons {

    private static final Set<String> EQUALITY = Set.of("==", "===", "!=", "!==", "is", "is not");
    private static final Set<String> COMPARE_CALLS = Set.of("equals", "equalsIgnoreCase", "compare_digest", "isEqual");
    /** Calls that only convert the compared value: the name is their receiver's. */
    private static final Set<String> CONVERSIONS = Set.of("encode", "decode", "strip", "trim", "lower", "upper", "toLowerCase",
            "toUpperCase", "getBytes", "toString", "str", "bytes", "String");
    private static final Set<String> KEY_READS = Set.of("get", "getParameter", "getHeader", "getenv", "getProperty", "getString");

    private CredentialComparisons() {}

    static void scan(Flow flow) {
        walk(flow.tree.root(), flow);
    }

    private static void walk(Node node, Flow flow) {
        if (Tree.is(node, "assert_statement")) {
            return;
        }
        List<Node> sides = compared(node, flow);
        if (sides.size() == 2) {
            check(node, sides.get(0), sides.get(1), flow);
            check(node, sides.get(1), sides.get(0), flow);
        }
        for (Node child : Tree.named(node)) {
            walk(child, flow);
        }
    }

    /** The two sides of an equality test, or an empty list. */
    private static List<Node> compared(Node node, Flow flow) {
        if (Tree.is(node, "comparison_operator") && node.getNamedChildCount() == 2) { // Python; a chain (a == b == c) is left alone
            for (int i = 0; i < node.getChildCount(); i++) {
                Node op = node.getChild(i);
                if (!op.isNamed() && EQUALITY.contains(op.getType())) {
                    return List.of(node.getNamedChild(0), node.getNamedChild(1));
                }
            }
            return List.of();
        }
        if (Tree.is(node, "binary_expression") && EQUALITY.contains(flow.tree.text(Tree.field(node, "operator")))) {
            return List.of(Tree.field(node, "left"), Tree.field(node, "right"));
        }
        Syntax.Call call = flow.syntax.call(node);
        if (call != null && COMPARE_CALLS.contains(call.name())) {
            if (call.args().size() == 1 && call.receiver() != null) { // Java: a.equals(b)
                return List.of(call.receiver(), call.arg(0));
            }
            if (call.args().size() == 2) { // compare_digest(a, b), MessageDigest.isEqual(a, b), Objects.equals(a, b)
                return List.of(call.arg(0), call.arg(1));
            }
        }
        return List.of();
    }

    private static void check(Node at, Node named, Node literal, Flow flow) {
        String value = literalValue(literal, flow);
        if (value == null || value.isBlank() || Credentials.isPlaceholder(value)) {
            return;
        }
        String name = nameOf(named, flow, 0);
        if (name != null && Credentials.isCredentialName(name.replace('-', '_'))) { // X-Api-Key
            flow.report(Credentials.CWE, flow.tree.language().id() + ".hardcoded-credential", at,
                    "'" + name + "' is checked against a literal, which anyone who reads the code can use; compare with a value "
                            + "from the environment or a secret store (for passwords, a salted hash)");
        }
    }

    /** A string literal, also as {@code "...".getBytes()}, {@code b"..."} or {@code "...".encode()}. */
    private static String literalValue(Node node, Flow flow) {
        Syntax.Call call = flow.syntax.call(node);
        if (call != null && CONVERSIONS.contains(call.name()) && call.receiver() != null) {
            return flow.syntax.stringValue(call.receiver());
        }
        return flow.syntax.stringValue(node);
    }

    /** What the compared value is called: {@code pw}, {@code user.password}, {@code request.form["password"]}, {@code .get("pwd")}. */
    private static String nameOf(Node node, Flow flow, int depth) {
        if (node == null || depth > 8) {
            return null;
        }
        Syntax syntax = flow.syntax;
        return switch (syntax.kind(node)) {
            case NAME, MEMBER -> flow.tree.text(node).replaceAll("\\s+", "");
            case SUBSCRIPT -> {
                Node key = Tree.field(node, Tree.is(node, "subscript") ? "subscript" : "index");
                String keyName = key == null ? null : syntax.stringValue(key);
                yield keyName != null ? keyName : nameOf(syntax.object(node), flow, depth + 1);
            }
            case CALL -> {
                Syntax.Call call = syntax.call(node);
                if (call == null) {
                    yield null;
                }
                if (KEY_READS.contains(call.name()) && call.arg(0) != null && syntax.stringValue(call.arg(0)) != null) {
                    yield syntax.stringValue(call.arg(0));
                }
                if (CONVERSIONS.contains(call.name())) {
                    yield call.receiver() != null ? nameOf(call.receiver(), flow, depth + 1) : nameOf(call.arg(0), flow, depth + 1);
                }
                yield null;
            }
            default -> Tree.is(node, "parenthesized_expression") && node.getNamedChildCount() == 1
                    ? nameOf(node.getNamedChild(0), flow, depth + 1) : null;
        };
    }
}
