package dev.probation.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one grammar spells what the flow analysis needs: functions and their parameters, calls,
 * assignments, string building, conditions and returns. One analysis then serves every language.
 */
abstract class Syntax {

    /** The kinds of expression that matter to taint. */
    enum Expr { NAME, STRING, INTERPOLATED, CONCAT, FORMAT, MEMBER, SUBSCRIPT, CALL, LITERAL, OTHER }

    /**
     * A call or a constructor call.
     *
     * @param callee   the text of the called expression with spaces removed, e.g. {@code cursor.execute}
     * @param name     its last segment, e.g. {@code execute}
     * @param receiver the object called on, or null
     * @param args     positional arguments
     * @param keywords keyword arguments (Python) by name
     */
    record Call(Node node, String callee, String name, Node receiver, List<Node> args, Map<String, Node> keywords,
                boolean constructor) {

        Node arg(int index) {
            return index < args.size() ? args.get(index) : null;
        }
    }

    /** A name bound to a value: {@code target = value}; {@code augmented} for {@code +=}. */
    record Binding(Node target, String name, Node value, boolean augmented) {}

    /** A parameter; {@code safeType} when its declared type cannot carry text (Java {@code int}, {@code UUID}). */
    record Param(String name, Node node, boolean safeType, boolean external) {

        Param(String name, Node node, boolean safeType) {
            this(name, node, safeType, false);
        }
    }

    final Tree tree;

    Syntax(Tree tree) {
        this.tree = tree;
    }

    static Syntax of(Tree tree) {
        return switch (tree.language()) {
            case PYTHON -> new PythonSyntax(tree);
            case JAVA -> new JavaSyntax(tree);
            case JAVASCRIPT, TYPESCRIPT -> new JsSyntax(tree);
        };
    }

    abstract boolean isFunction(Node node);

    abstract String functionName(Node function);

    abstract List<Param> parameters(Node function);

    /** The call this node is, or null. */
    abstract Call call(Node node);

    /** The names this node binds, with their values; empty when it binds nothing. */
    abstract List<Binding> bindings(Node node);

    abstract Expr kind(Node node);

    /** The object of a member access or subscript. */
    abstract Node object(Node node);

    /** The condition of an if, while, ternary or assert; null for other nodes. */
    abstract Node condition(Node node);

    /** The value of a return statement, or null. */
    abstract Node returned(Node node);

    /** Whether the expression can only be a boolean: a comparison, a negation, a membership test. */
    boolean isBoolean(Node node) {
        if (Tree.is(node, "comparison_operator", "not_operator", "boolean_operator", "instanceof_expression")) {
            return !Tree.is(node, "boolean_operator");
        }
        if (Tree.is(node, "unary_expression")) {
            return tree.text(node).startsWith("!");
        }
        if (Tree.is(node, "binary_expression")) {
            String op = tree.text(Tree.field(node, "operator"));
            return op.matches("==|===|!=|!==|<|>|<=|>=|instanceof|in");
        }
        return false;
    }

    /** For a comprehension, the element expression: {@code str(i)} in {@code (str(i) for i in ids)}; else null. */
    Node element(Node node) {
        return Tree.is(node, "generator_expression", "list_comprehension", "set_comprehension") ? Tree.field(node, "body") : null;
    }

    /** Whether a function is a method: defined directly in a class body. */
    boolean isMethod(Node function) {
        for (Node p = function.getParent(); p != null; p = p.getParent()) {
            if (Tree.is(p, "class_definition", "class_declaration", "class_body", "class", "enum_declaration", "interface_declaration")) {
                return true;
            }
            if (isFunction(p)) {
                return false;
            }
        }
        return false;
    }

    /** The function a function is nested in, or the root for a top-level one. */
    Node enclosing(Node function) {
        for (Node p = function.getParent(); p != null; p = p.getParent()) {
            if (isFunction(p)) {
                return p;
            }
        }
        return tree.root();
    }

    /** The operands of a binary operator, or the interpolated parts of an f-string or template. */
    List<Node> parts(Node node) {
        List<Node> parts = new ArrayList<>();
        for (Node child : Tree.named(node)) {
            if (kind(child) != Expr.STRING || !Tree.is(child, "string_content", "string_fragment", "escape_sequence")) {
                parts.add(child);
            }
        }
        return parts;
    }

    /** Whether the node is a string literal, possibly parenthesised or concatenated from literals. */
    boolean isConstantString(Node node) {
        Expr kind = kind(node);
        if (kind == Expr.STRING) {
            return true;
        }
        if (kind == Expr.CONCAT) {
            return parts(node).stream().allMatch(this::isConstantString);
        }
        return Tree.is(node, "parenthesized_expression") && node.getNamedChildCount() == 1
                && isConstantString(node.getNamedChild(0));
    }

    /** The value of a string literal without quotes, or null when the node is not a plain literal. */
    String stringValue(Node node) {
        if (kind(node) != Expr.STRING) {
            return null;
        }
        String text = tree.text(node);
        int start = 0;
        while (start < text.length() && Character.isLetter(text.charAt(start))) {
            start++; // Python prefixes: b'', r'', u''
        }
        text = text.substring(start);
        for (String quote : new String[] {"\"\"\"", "'''", "\"", "'", "`"}) {
            if (text.length() >= 2 * quote.length() && text.startsWith(quote) && text.endsWith(quote)) {
                return text.substring(quote.length(), text.length() - quote.length());
            }
        }
        return text;
    }

    /** The root identifier of a member chain: {@code file} in {@code file.getCanonicalPath().startsWith(x)}. */
    String rootName(Node node) {
        Node current = node;
        for (int depth = 0; current != null && depth < 20; depth++) {
            switch (kind(current)) {
                case NAME -> {
                    return tree.text(current);
                }
                case MEMBER, SUBSCRIPT -> current = object(current);
                case CALL -> {
                    Call call = call(current);
                    current = call == null ? null : call.receiver();
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    /** The text without whitespace; callees rarely hold any, and a regex replacement would copy every one. */
    static String withoutSpaces(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                StringBuilder out = new StringBuilder(text.length());
                text.chars().filter(c -> !Character.isWhitespace(c)).forEach(out::appendCodePoint);
                return out.toString();
            }
        }
        return text;
    }

    static Map<String, Node> noKeywords() {
        return new LinkedHashMap<>();
    }
}
