package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Syntax.Param;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CWE-94 in JavaScript without a known source: {@code eval(code)}, {@code new Function(body)},
 * {@code vm.runInNewContext(script)} and {@code setTimeout("..." + x)} on text that is not a
 * constant. Where the text comes from (a file, a database row, a message, a global) is often beyond
 * the analysis; code evaluated from anything but constants is reported. Constants are literals,
 * templates and concatenations of constants, and names that the file binds only to constants
 * (also table lookups in a constant object or array: {@code FORMULAS[name]}).
 */
final class JsDynamicCode {

    private static final int MAX_DEPTH = 20;
    /** Nodes looked at per question: names bound to names bound to ... cannot take time exponential in their number. */
    private static final int BUDGET = 5_000;

    private final Syntax syntax;
    /** Every value the file binds to each name; a null value for a parameter, whose value is unknown. */
    private final Map<String, List<Node>> values = new HashMap<>();
    private final Set<String> visiting = new HashSet<>();
    private int budget;

    JsDynamicCode(Syntax syntax) {
        this.syntax = syntax;
        index(syntax.tree.root());
    }

    private void index(Node node) {
        for (Binding b : syntax.bindings(node)) { // x += y and for (x of xs) count too: x is constant if y and xs are
            values.computeIfAbsent(b.name(), n -> new ArrayList<>()).add(b.value());
        }
        if (syntax.isFunction(node)) {
            for (Param p : syntax.parameters(node)) {
                values.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(null);
            }
        }
        for (Node child : Tree.named(node)) {
            index(child);
        }
    }

    /** Reports a call that evaluates text which is not a constant; call only when no untrusted source was found. */
    void check(Call call, Scope scope) {
        if (call.args().isEmpty()) {
            return;
        }
        budget = BUDGET;
        if (Rules.nameIs(call, "setTimeout", "setInterval")) {
            Node first = call.arg(0);
            if (buildsText(first, 0) && !isConstant(first, 0)) {
                report(call, first, scope);
            }
            return;
        }
        List<Node> code = Rules.nameIs(call, "Function") ? call.args() : List.of(call.arg(0));
        for (Node arg : code) {
            if (!isConstant(arg, 0)) {
                report(call, arg, scope);
                return;
            }
        }
    }

    private static void report(Call call, Node arg, Scope scope) {
        scope.report("CWE-94", "js.code-injection", call.node(), "'" + shorten(scope.text(arg)) + "' is not a constant and is evaluated as code by "
                + call.callee() + "(); parse the data instead (JSON.parse, a lookup table, an expression parser)");
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
    }

    /** Whether the expression can only have a value written in the code. */
    boolean isConstant(Node node, int depth) {
        if (node == null || depth > MAX_DEPTH || budget-- <= 0) {
            return false;
        }
        node = unwrap(node);
        switch (syntax.kind(node)) {
            case STRING, LITERAL -> {
                return true;
            }
            case NAME -> {
                return nameIsConstant(syntax.tree.text(node), depth);
            }
            case MEMBER, SUBSCRIPT -> {
                return isConstant(syntax.object(node), depth + 1); // FORMULAS[name]: one of the constants
            }
            default -> { }
        }
        if (Tree.is(node, "template_string")) {
            return syntax.parts(node).stream().allMatch(p -> isConstant(p, depth + 1));
        }
        if (Tree.is(node, "binary_expression")) {
            return isConstant(Tree.field(node, "left"), depth + 1) && isConstant(Tree.field(node, "right"), depth + 1);
        }
        if (Tree.is(node, "ternary_expression")) {
            return isConstant(Tree.field(node, "consequence"), depth + 1) && isConstant(Tree.field(node, "alternative"), depth + 1);
        }
        if (Tree.is(node, "array", "object")) {
            for (Node child : Tree.named(node)) {
                Node value = Tree.is(child, "pair") ? Tree.field(child, "value") : child;
                if (!Tree.is(child, "comment") && !isConstant(value, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private boolean nameIsConstant(String name, int depth) {
        List<Node> bound = values.get(name);
        if (bound == null || bound.isEmpty()) {
            return false; // a global or an import
        }
        if (!visiting.add(name)) {
            return true; // code = code + ';': constant if its other values are
        }
        try {
            for (Node value : bound) {
                if (value == null || !isConstant(value, depth + 1)) {
                    return false;
                }
            }
            return true;
        } finally {
            visiting.remove(name);
        }
    }

    /** Whether the expression is text rather than a function: a string, a template, a concatenation, or a name bound to one. */
    private boolean buildsText(Node node, int depth) {
        node = unwrap(node);
        if (node == null || syntax.isFunction(node) || depth > MAX_DEPTH || budget-- <= 0) {
            return false;
        }
        Syntax.Expr kind = syntax.kind(node);
        if (kind == Syntax.Expr.STRING || kind == Syntax.Expr.INTERPOLATED || kind == Syntax.Expr.CONCAT) {
            return true;
        }
        if (kind == Syntax.Expr.NAME && visiting.add(syntax.tree.text(node))) {
            try {
                for (Node value : values.getOrDefault(syntax.tree.text(node), List.of())) {
                    if (value != null && buildsText(value, depth + 1)) {
                        return true;
                    }
                }
            } finally {
                visiting.remove(syntax.tree.text(node));
            }
        }
        return false;
    }

    private static Node unwrap(Node node) {
        while (Tree.is(node, "parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression")
                && node.getNamedChildCount() >= 1) {
            node = node.getNamedChild(0);
        }
        return node;
    }
}
