package dev.probation.scan;

import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Param;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a Python argument is a constant: a literal ({@code "ls -l"}, {@code 3}, {@code None}), literals
 * joined ({@code "ls " + "-l"}, a tuple or list of them), or a name that its function (or, when the
 * function neither binds nor takes it, the module) only ever assigns such values, with no
 * {@code global}, {@code nonlocal} or import of the name. What a caller's own parameter brings is not
 * followed: it is not a constant. One per file and thread.
 */
final class PythonArguments {

    private static final int MAX_DEPTH = 8;

    private final Tree tree;
    private final Syntax syntax;
    /** Answers for a name read directly as an argument, by scope and name: a file's calls pass the same names again and again. */
    private final java.util.Map<String, Boolean> names = new java.util.HashMap<>();

    PythonArguments(Tree tree, Syntax syntax) {
        this.tree = tree;
        this.syntax = syntax;
    }

    boolean constant(Node value) {
        return constant(value, new HashSet<>(), 0);
    }

    private boolean constant(Node value, Set<String> seen, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return false;
        }
        return switch (Tree.type(value)) {
            case "string", "concatenated_string", "integer", "float", "true", "false", "none" ->
                    syntax.kind(value) == Syntax.Expr.STRING || syntax.kind(value) == Syntax.Expr.LITERAL;
            case "parenthesized_expression", "unary_operator", "binary_operator", "tuple", "list", "expression_list" ->
                    Tree.named(value).stream().allMatch(part -> constant(part, seen, depth + 1));
            case "identifier" -> name(value, seen, depth);
            default -> false;
        };
    }

    /** A local (or module-level) name every assignment gives a constant. */
    private boolean name(Node identifier, Set<String> seen, int depth) {
        String name = tree.text(identifier);
        Node scope = scope(identifier);
        if (depth > 0) {
            return name(name, scope, seen, depth);
        }
        String key = scope.getStartByte() + ":" + name;
        Boolean known = names.get(key);
        if (known == null) {
            known = name(name, scope, seen, depth);
            names.put(key, known);
        }
        return known;
    }

    private boolean name(String name, Node scope, Set<String> seen, int depth) {
        if (scope != tree.root() && syntax.parameters(scope).stream().map(Param::name).anyMatch(name::equals)) {
            return false;
        }
        if (!bound(scope, name) && scope != tree.root()) {
            scope = tree.root(); // a module constant read in a function
            if (tree.finds("\\b(?:global|nonlocal)\\b[^\\n]*\\b" + Pattern.quote(name) + "\\b")) {
                return false;
            }
        }
        if (!seen.add(scope.getStartByte() + ":" + name)) {
            return false; // a = b; b = a
        }
        boolean[] any = {false};
        boolean all = bindings(scope, scope, name, any, seen, depth);
        return any[0] && all;
    }

    private boolean bound(Node scope, String name) {
        boolean[] any = {false};
        bindings(scope, scope, name, any, null, 0);
        return any[0];
    }

    /** Whether every binding of the name under {@code node} (not in nested functions or classes) is a constant; {@code seen} null only finds them. */
    private boolean bindings(Node scope, Node node, String name, boolean[] any, Set<String> seen, int depth) {
        for (Node child : Tree.named(node)) {
            if (syntax.isFunction(child) || Tree.is(child, "class_definition")) {
                continue;
            }
            if (Tree.is(child, "global_statement", "nonlocal_statement", "import_statement", "import_from_statement", "delete_statement")
                    && tree.text(child).matches("(?s).*\\b" + Pattern.quote(name) + "\\b.*")) {
                any[0] = true;
                if (seen != null) {
                    return false; // bound by an import, or shared with another scope
                }
            }
            for (Binding b : syntax.bindings(child)) {
                if (b.name().equals(name)) {
                    any[0] = true;
                    if (seen != null && !constant(b.value(), seen, depth + 1)) {
                        return false;
                    }
                }
            }
            if (!bindings(scope, child, name, any, seen, depth)) {
                return false;
            }
        }
        return true;
    }

    /** The function (or module) whose locals the node reads. */
    private Node scope(Node node) {
        for (Node n = node.getParent(); n != null; n = n.getParent()) {
            if (Tree.is(n, "function_definition", "lambda")) {
                return n;
            }
        }
        return tree.root();
    }
}
