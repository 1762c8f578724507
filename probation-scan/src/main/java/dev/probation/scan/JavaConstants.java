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
 * and {@code switch (guess.charAt(1))} on a string constant. Integer and char arithmetic on literals
 * and on locals assigned a literal exactly once; anything else is unknown and both branches count.
 */
final class JavaConstants {

    private final Map<Node, Map<String, Node>> constants = new IdentityHashMap<>();

    /** The children of the node that never run: a branch of an if or ternary, groups of a switch. */
    Set<Node> dead(Node node, Scope scope) {
        if (Tree.is(node, "if_statement", "ternary_expression")) {
            Long known = value(Tree.field(node, "condition"), scope, 0);
            if (known == null) {
                return Set.of();
            }
            Node skipped = Tree.field(node, known != 0 ? "alternative" : "consequence");
            return skipped == null ? Set.of() : Set.of(skipped);
        }
        if (Tree.is(node, "switch_block") && node.getParent() != null && Tree.is(node.getParent(), "switch_statement", "switch_expression")) {
            Long known = value(Tree.field(node.getParent(), "condition"), scope, 0);
            return known == null ? Set.of() : deadGroups(node, known, scope);
        }
        return Set.of();
    }

    /** Every group but the one the value selects (or default) and those it falls through to. */
    private Set<Node> deadGroups(Node block, long selector, Scope scope) {
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
                    Long v = value(c, scope, 0);
                    if (v == null) {
                        return Set.of(); // a case we cannot read: keep every branch
                    }
                    if (v == selector) {
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

    /** The integer value of an expression (a comparison gives 1 or 0), or null when it depends on more than the code. */
    private Long value(Node node, Scope scope, int depth) {
        if (node == null || depth > 20) {
            return null;
        }
        Tree tree = scope.syntax().tree;
        String text = tree.text(node);
        return switch (Tree.type(node)) {
            case "decimal_integer_literal" -> text.matches("\\d{1,12}") ? Long.parseLong(text) : null;
            case "character_literal" -> text.length() == 3 ? (long) text.charAt(1) : null;
            case "true" -> 1L;
            case "false" -> 0L;
            case "parenthesized_expression" -> node.getNamedChildCount() == 1 ? value(node.getNamedChild(0), scope, depth + 1) : null;
            case "identifier" -> value(local(text, scope), scope, depth + 1);
            case "binary_expression" -> binary(tree.text(Tree.field(node, "operator")),
                    value(Tree.field(node, "left"), scope, depth + 1), value(Tree.field(node, "right"), scope, depth + 1));
            case "method_invocation" -> charAt(node, scope);
            default -> null;
        };
    }

    private static Long binary(String op, Long a, Long b) {
        if (a == null || b == null) {
            return null;
        }
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
            default -> null;
        };
    }

    /** {@code guess.charAt(1)} on a local assigned a string literal once. */
    private Long charAt(Node call, Scope scope) {
        Tree tree = scope.syntax().tree;
        Node object = Tree.field(call, "object");
        Node args = Tree.field(call, "arguments");
        if (!tree.text(Tree.field(call, "name")).equals("charAt") || !Tree.is(object, "identifier") || args == null
                || args.getNamedChildCount() != 1) {
            return null;
        }
        Node literal = local(tree.text(object), scope);
        String s = literal == null ? null : scope.syntax().stringValue(literal);
        Long index = value(args.getNamedChild(0), scope, 1);
        return s == null || index == null || index < 0 || index >= s.length() ? null : (long) s.charAt(index.intValue());
    }

    /** The initialiser of a local the method assigns exactly once, at its declaration. */
    private Node local(String name, Scope scope) {
        return constants.computeIfAbsent(scope.function, f -> singleAssignments(f, scope.syntax().tree)).get(name);
    }

    private static Map<String, Node> singleAssignments(Node function, Tree tree) {
        Map<String, Node> declared = new HashMap<>();
        Set<String> reassigned = new HashSet<>();
        collect(function, tree, declared, reassigned);
        declared.keySet().removeAll(reassigned);
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
            }
            collect(child, tree, declared, reassigned);
        }
    }
}
