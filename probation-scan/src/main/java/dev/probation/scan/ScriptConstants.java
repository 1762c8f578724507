package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python's and JavaScript's counterpart of {@link JavaConstants}: the branches of an {@code if} or a
 * conditional expression the code can never take ({@code num = 86} then {@code if 7 * 42 - num > 200:}),
 * and the constant keys of {@link Containers}. Whole numbers, strings and booleans, from literals and
 * from locals assigned exactly once in the function (a JavaScript {@code const}, or a name bound once);
 * anything else is unknown and every branch counts.
 */
final class ScriptConstants implements ConstantFolding {

    private final Map<Node, Map<String, Node>> locals = new IdentityHashMap<>();

    /** The children of the node that never run: the branch of an if or a conditional expression that is not taken. */
    @Override
    public Set<Node> dead(Node node, Scope scope) {
        return switch (Tree.type(node)) {
            case "if_statement" -> {
                Long known = truth(Tree.field(node, "condition"), scope);
                if (known == null) {
                    yield Set.of();
                }
                if (known == 0) {
                    Node consequence = Tree.field(node, "consequence");
                    yield consequence == null ? Set.of() : Set.of(consequence);
                }
                Set<Node> skipped = new HashSet<>(); // every elif and else
                for (Node child : Tree.named(node)) {
                    if (Tree.is(child, "elif_clause", "else_clause")) {
                        skipped.add(child);
                    }
                }
                Node alternative = Tree.field(node, "alternative");
                if (alternative != null) {
                    skipped.add(alternative);
                }
                yield skipped;
            }
            case "conditional_expression" -> { // Python: consequence if condition else alternative
                Long known = node.getNamedChildCount() == 3 ? truth(node.getNamedChild(1), scope) : null;
                yield known == null ? Set.of() : Set.of(node.getNamedChild(known != 0 ? 2 : 0));
            }
            case "ternary_expression" -> {
                Long known = truth(Tree.field(node, "condition"), scope);
                Node skipped = known == null ? null : Tree.field(node, known != 0 ? "alternative" : "consequence");
                yield skipped == null ? Set.of() : Set.of(skipped);
            }
            default -> Set.of();
        };
    }

    /** The value the code fixes for an expression: a {@link String}, a {@link Long} (booleans as 1 or 0), or null. */
    @Override
    public Object constant(Node node, Scope scope) {
        return eval(node, scope, 0);
    }

    private Long truth(Node node, Scope scope) {
        Object value = eval(node, scope, 0);
        return value instanceof Long n ? (Long) (n != 0 ? 1L : 0L) : value instanceof String s ? (Long) (s.isEmpty() ? 0L : 1L) : null;
    }

    private Object eval(Node node, Scope scope, int depth) {
        if (node == null || depth > 20) {
            return null;
        }
        Syntax syntax = scope.syntax();
        String text = syntax.tree.text(node);
        return switch (Tree.type(node)) {
            case "integer", "number" -> text.matches("\\d{1,12}") ? Long.parseLong(text) : null;
            case "string" -> syntax.kind(node) == Syntax.Expr.STRING && !text.contains("\\") ? syntax.stringValue(node) : null;
            case "true" -> 1L;
            case "false" -> 0L;
            case "parenthesized_expression" -> node.getNamedChildCount() == 1 ? eval(node.getNamedChild(0), scope, depth + 1) : null;
            case "identifier" -> eval(local(text, scope), scope, depth + 1);
            case "not_operator" -> not(eval(Tree.field(node, "argument"), scope, depth + 1));
            case "unary_expression", "unary_operator" -> {
                Object operand = eval(Tree.field(node, "argument"), scope, depth + 1);
                String op = operator(node);
                yield op.equals("!") ? not(operand) : op.equals("-") && operand instanceof Long n ? (Object) (-n) : null;
            }
            case "binary_expression", "binary_operator", "comparison_operator", "boolean_operator" -> node.getNamedChildCount() != 2 ? null
                    : binary(operator(node), eval(node.getNamedChild(0), scope, depth + 1), eval(node.getNamedChild(1), scope, depth + 1));
            default -> null;
        };
    }

    /** The operator token between the operands (or before the one operand). */
    private static String operator(Node node) {
        for (int i = 0; i < node.getChildCount(); i++) {
            Node child = node.getChild(i);
            if (!child.isNamed() && !child.getType().equals("(") && !child.getType().equals(")")) {
                return child.getType();
            }
        }
        return "";
    }

    private static Object not(Object value) {
        return value instanceof Long n ? (Object) (n == 0 ? 1L : 0L) : null;
    }

    private static Object binary(String op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof String x && b instanceof String y) {
            return switch (op) {
                case "+" -> x + y;
                case "==", "===" -> x.equals(y) ? 1L : 0L;
                case "!=", "!==" -> x.equals(y) ? 0L : 1L;
                default -> null;
            };
        }
        if (!(a instanceof Long x) || !(b instanceof Long y)) {
            return null; // JavaScript's "1" + 1 and Python's "a" * 3: not worth guessing
        }
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> y == 0 || x % y != 0 ? null : x / y; // a fraction otherwise
            case "//" -> y == 0 ? null : Math.floorDiv(x, y);
            case "%" -> y == 0 || x < 0 || y < 0 ? null : x % y;
            case ">" -> x > y ? 1L : 0L;
            case "<" -> x < y ? 1L : 0L;
            case ">=" -> x >= y ? 1L : 0L;
            case "<=" -> x <= y ? 1L : 0L;
            case "==", "===" -> x.equals(y) ? 1L : 0L;
            case "!=", "!==" -> x.equals(y) ? 0L : 1L;
            case "and", "&&" -> x != 0 && y != 0 ? 1L : 0L;
            case "or", "||" -> x != 0 || y != 0 ? 1L : 0L;
            default -> null;
        };
    }

    /** The one value a local is bound to in the function, or null when it is a parameter or bound more than once. */
    private Node local(String name, Scope scope) {
        return locals.computeIfAbsent(scope.function, f -> singleAssignments(f, scope.syntax())).get(name);
    }

    private static Map<String, Node> singleAssignments(Node function, Syntax syntax) {
        Map<String, Node> once = new HashMap<>();
        Set<String> more = new HashSet<>();
        for (Syntax.Param p : function.getParent() == null ? List.<Syntax.Param>of() : syntax.parameters(function)) {
            more.add(p.name());
        }
        collect(function, syntax, once, more);
        once.keySet().removeAll(more);
        return once;
    }

    private static void collect(Node node, Syntax syntax, Map<String, Node> once, Set<String> more) {
        for (Node child : Tree.named(node)) {
            List<Syntax.Binding> bindings = syntax.bindings(child);
            for (Syntax.Binding b : bindings) {
                boolean simple = Tree.is(child, "assignment", "variable_declarator") && !b.augmented()
                        && syntax.kind(b.target()) == Syntax.Expr.NAME && b.target().getParent() == child;
                if (!simple || once.put(b.name(), b.value()) != null) {
                    more.add(b.name());
                }
            }
            if (Tree.is(child, "update_expression", "global_statement", "nonlocal_statement", "delete_statement")) {
                Rules.collectNames(child, syntax, more::add); // over-approximates: only ever drops constants
            } else if (Tree.is(child, "assignment_expression", "augmented_assignment_expression", "for_in_statement", "for_statement")
                    && Tree.field(child, "left") != null) {
                Rules.collectNames(Tree.field(child, "left"), syntax, more::add);
            } else if (syntax.isFunction(child)) {
                syntax.parameters(child).forEach(p -> more.add(p.name()));
            }
            collect(child, syntax, once, more);
        }
    }
}
