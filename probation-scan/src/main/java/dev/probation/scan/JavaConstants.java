package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Branches a Java method can never take, because their condition is fixed by the code itself:
 * {@code if ((7 * 42) - num > 200)} with {@code int num = 86} assigned once, the same in a ternary,
 * and {@code switch (guess.charAt(1))} on a string constant. Integer, char, boolean and string
 * arithmetic ({@link JavaStringCalls}) on literals, on locals assigned exactly once and on the file's
 * final fields; anything else is unknown and both branches count. The same values serve as the
 * constant keys of {@link Containers}.
 */
final class JavaConstants implements ConstantFolding {

    private final Map<Node, Map<String, Node>> constants = new IdentityHashMap<>();
    private Map<String, Node> finalFields;

    /** The children of the node that never run: a branch of an if or ternary, groups of a switch. */
    @Override
    public Set<Node> dead(Node node, Scope scope) {
        if (Tree.is(node, "if_statement", "ternary_expression")) {
            Long known = value(Tree.field(node, "condition"), scope, 0);
            if (known == null) {
                return Set.of();
            }
            Node skipped = Tree.field(node, known != 0 ? "alternative" : "consequence");
            return skipped == null ? Set.of() : Set.of(skipped);
        }
        if (Tree.is(node, "switch_block") && node.getParent() != null && Tree.is(node.getParent(), "switch_statement", "switch_expression")) {
            Object known = eval(Tree.field(node.getParent(), "condition"), scope, 0); // a number, a char or a string
            return known == null ? Set.of() : deadGroups(node, known, scope);
        }
        return Set.of();
    }

    /** Every group but the one the value selects (or default) and those it falls through to. */
    private Set<Node> deadGroups(Node block, Object selector, Scope scope) {
        List<Node> groups = Tree.named(block);
        int matched = -1;
        int otherwise = -1;
        for (int i = 0; i < groups.size() && matched < 0; i++) {
            for (Node label : Tree.named(groups.get(i))) {
                if (!Tree.is(label, "switch_label")) {
                    continue;
                }
                if (label.getNamedChildCount() == 0) {
                    otherwise = i; // default
                }
                for (Node c : Tree.named(label)) {
                    Object v = eval(c, scope, 0);
                    if (v == null) {
                        return Set.of(); // a case we cannot read: keep every branch
                    }
                    if (v.equals(selector)) {
                        matched = i;
                    }
                }
            }
        }
        if (matched < 0) { // no case matches: default, wherever it stands
            for (int i = 0; i < groups.size(); i++) {
                for (Node label : Tree.named(groups.get(i))) {
                    if (Tree.is(label, "switch_label") && label.getNamedChildCount() == 0) {
                        otherwise = i;
                    }
                }
            }
        }
        int start = matched >= 0 ? matched : otherwise;
        if (start < 0 || !Tree.is(groups.get(start), "switch_block_statement_group")) {
            return Set.of();
        }
        Set<Node> dead = new HashSet<>(groups);
        for (int i = start; i < groups.size(); i++) {
            dead.remove(groups.get(i));
            List<Node> body = Tree.named(groups.get(i));
            if (!body.isEmpty() && Tree.is(body.getLast(), "break_statement", "return_statement", "throw_statement")) {
                break;
            }
        }
        return dead;
    }

    /** The integer value of an expression (a comparison gives 1 or 0, a char its code), or null when it depends on more than the code. */
    private Long value(Node node, Scope scope, int depth) {
        return eval(node, scope, depth) instanceof Long n ? n : null;
    }

    /** The value the code fixes for an expression: a {@link String} or a {@link Long}; null when it depends on more. */
    @Override
    public Object constant(Node node, Scope scope) {
        return eval(node, scope, 0);
    }

    private Object eval(Node node, Scope scope, int depth) {
        if (node == null || depth > 20) {
            return null;
        }
        Tree tree = scope.syntax().tree;
        String text = tree.text(node);
        return switch (Tree.type(node)) {
            case "decimal_integer_literal" -> text.matches("\\d{1,12}") ? Long.parseLong(text) : null;
            case "character_literal" -> text.length() == 3 ? (long) text.charAt(1) : null;
            case "string_literal" -> text.contains("\\") ? null : scope.syntax().stringValue(node);
            case "true" -> 1L;
            case "false" -> 0L;
            case "parenthesized_expression" -> node.getNamedChildCount() == 1 ? eval(node.getNamedChild(0), scope, depth + 1) : null;
            case "identifier" -> eval(local(text, scope), scope, depth + 1);
            case "unary_expression" -> unary(tree.text(Tree.field(node, "operator")), value(Tree.field(node, "operand"), scope, depth + 1));
            case "binary_expression" -> binary(tree.text(Tree.field(node, "operator")),
                    eval(Tree.field(node, "left"), scope, depth + 1), eval(Tree.field(node, "right"), scope, depth + 1));
            case "ternary_expression" -> {
                Long condition = value(Tree.field(node, "condition"), scope, depth + 1);
                yield condition == null ? null : eval(Tree.field(node, condition != 0 ? "consequence" : "alternative"), scope, depth + 1);
            }
            case "method_invocation" -> JavaStringCalls.call(node, tree, (n, d) -> eval(n, scope, d), depth + 1);
            default -> null;
        };
    }

    private static Long unary(String op, Long a) {
        if (a == null) {
            return null;
        }
        return switch (op) {
            case "!" -> a == 0 ? 1L : 0L;
            case "-" -> -a;
            case "+" -> a;
            default -> null;
        };
    }

    private static Object binary(String op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof String x && b instanceof String y) {
            return op.equals("+") ? x + y : null; // == on strings compares references: unknown
        }
        // a char is held as its code, so "a" + 'b' cannot be told from "a" + 98: unknown
        return a instanceof Long x && b instanceof Long y ? binary(op, x, y) : null;
    }

    private static Long binary(String op, Long a, Long b) {
        return switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> b == 0 ? null : a / b;
            case "%" -> b == 0 ? null : a % b;
            case ">" -> a > b ? 1L : 0L;
            case "<" -> a < b ? 1L : 0L;
            case ">=" -> a >= b ? 1L : 0L;
            case "<=" -> a <= b ? 1L : 0L;
            case "==" -> a.equals(b) ? 1L : 0L;
            case "!=" -> a.equals(b) ? 0L : 1L;
            case "&&" -> a != 0 && b != 0 ? 1L : 0L;
            case "||" -> a != 0 || b != 0 ? 1L : 0L;
            default -> null;
        };
    }

    /**
     * The initialiser of a local the method assigns exactly once, at its declaration; for a name the
     * method neither declares nor takes as a parameter, of a {@code final} field of the file.
     */
    private Node local(String name, Scope scope) {
        Map<String, Node> locals = constants.computeIfAbsent(scope.function, f -> singleAssignments(f, scope.syntax().tree));
        if (locals.containsKey(name)) {
            return locals.get(name);
        }
        if (finalFields == null) {
            finalFields = finalFields(scope.syntax().tree);
        }
        return finalFields.get(name);
    }

    /** Each local mapped to its one initialiser, or to null when it is a parameter or assigned more than once. */
    private static Map<String, Node> singleAssignments(Node function, Tree tree) {
        Map<String, Node> declared = new HashMap<>();
        Set<String> reassigned = new HashSet<>();
        collect(function, tree, declared, reassigned);
        reassigned.forEach(name -> declared.put(name, null));
        return declared;
    }

    private static void collect(Node node, Tree tree, Map<String, Node> declared, Set<String> reassigned) {
        for (Node child : Tree.named(node)) {
            if (Tree.is(child, "variable_declarator")) {
                Node name = Tree.field(child, "name");
                Node value = Tree.field(child, "value");
                if (name != null && (value == null || declared.put(tree.text(name), value) != null)) {
                    reassigned.add(tree.text(name)); // declared twice, or without a value: not one constant
                }
            } else if (Tree.is(child, "assignment_expression") && Tree.field(child, "left") != null) {
                reassigned.add(tree.text(Tree.field(child, "left")));
            } else if (Tree.is(child, "update_expression")) {
                reassigned.add(tree.text(child).replaceAll("[+\\-\\s]", ""));
            } else if (Tree.is(child, "formal_parameter", "spread_parameter", "catch_formal_parameter", "enhanced_for_statement")
                    && Tree.field(child, "name") != null) {
                reassigned.add(tree.text(Tree.field(child, "name"))); // shadows a field of the same name
            } else if (Tree.is(child, "inferred_parameters") || Tree.is(child, "identifier") && Tree.is(node, "lambda_expression")
                    && child.equals(Tree.field(node, "parameters"))) {
                Tree.named(child).forEach(p -> reassigned.add(tree.text(p)));
                reassigned.add(tree.text(child));
            }
            collect(child, tree, declared, reassigned);
        }
    }

    /** {@code private static final String MODE = "fast";}: the file's final fields with their initialisers (a name declared twice is left out). */
    private static Map<String, Node> finalFields(Tree tree) {
        Map<String, Node> fields = new HashMap<>();
        Set<String> twice = new HashSet<>();
        collectFields(tree.root(), tree, fields, twice);
        fields.keySet().removeAll(twice);
        return fields;
    }

    private static void collectFields(Node node, Tree tree, Map<String, Node> fields, Set<String> twice) {
        for (Node child : Tree.named(node)) {
            if (Tree.is(child, "field_declaration", "constant_declaration")) {
                boolean isFinal = Tree.is(child, "constant_declaration") || Tree.named(child).stream()
                        .anyMatch(m -> Tree.is(m, "modifiers") && tree.text(m).matches("(?s).*\\bfinal\\b.*"));
                for (Node declarator : Tree.named(child)) {
                    Node name = Tree.field(declarator, "name");
                    if (Tree.is(declarator, "variable_declarator") && name != null) {
                        Node value = Tree.field(declarator, "value");
                        if (!isFinal || value == null || fields.put(tree.text(name), value) != null) {
                            twice.add(tree.text(name));
                        }
                    }
                }
            } else if (!Tree.is(child, "method_declaration", "constructor_declaration", "lambda_expression")) {
                collectFields(child, tree, fields, twice);
            }
        }
    }
}
