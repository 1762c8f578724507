package dev.probation.scan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every name one Java method (or lambda, initializer) binds, matched by name without scopes: its
 * declared types and the values it is given. Tells {@link CallerValues} which identifiers are locals,
 * and the receivers' classes ({@code Base b = new Impl(); b.run(x)} runs Impl's method).
 */
final class LocalBindings {

    /** The declared type of an array, whatever its elements. */
    static final String ARRAY = "[]";

    private final Tree tree;
    /** Each local's declared types and assigned values (null: bound some other way: a parameter, a loop, a catch). */
    private final Map<String, Set<String>> declaredTypes = new HashMap<>();
    private final Map<String, List<Node>> assigned = new HashMap<>();

    LocalBindings(Tree tree, Node scope) {
        this.tree = tree;
        if (scope != null) {
            walk(scope, this::bind);
        }
    }

    /** The local's declared simple types ({@link #ARRAY}; "?" when unknown), empty when it is not a local. */
    Set<String> types(String name) {
        return declaredTypes.getOrDefault(name, Set.of());
    }

    /** Whether {@code name} is bound in this scope (a local or parameter, which hides any field). */
    boolean isLocal(String name) {
        return declaredTypes.containsKey(name);
    }

    /** T when every value the local is given is {@code new T(...)} (no class body) or null; else null. */
    String createdType(String name) {
        if (!isLocal(name)) {
            return null;
        }
        String type = null;
        for (Node value : assigned.getOrDefault(name, List.of())) {
            if (value != null && Tree.is(value, "null_literal")) {
                continue;
            }
            String created = value == null ? null : created(tree, value);
            if (created == null || type != null && !type.equals(created)) {
                return null;
            }
            type = created;
        }
        return type;
    }

    /** The simple class name of {@code new T(...)} without a class body or outer instance; else null. */
    static String created(Tree tree, Node value) {
        while (Tree.is(value, "parenthesized_expression")) {
            value = Tree.named(value).getFirst();
        }
        if (!Tree.is(value, "object_creation_expression") || Tree.field(value, "body") != null
                || !Tree.named(value).getFirst().equals(Tree.field(value, "type"))) {
            return null;
        }
        return simple(tree, Tree.field(value, "type"));
    }

    /** A type's simple name: {@code java.util.Vector<String>} is Vector. */
    static String simple(Tree tree, Node type) {
        String t = tree.text(type).replaceAll("(?s)<.*|\\s+|@\\w+", "");
        return t.substring(t.lastIndexOf('.') + 1);
    }

    /** Records the names a node binds. */
    private void bind(Node n) {
        switch (Tree.type(n)) {
            case "formal_parameter", "spread_parameter", "catch_formal_parameter", "enhanced_for_statement" ->
                    declare(Tree.field(n, "name"), Tree.field(n, "type"), n, null);
            case "variable_declarator" -> declare(Tree.field(n, "name"), Tree.field(n.getParent(), "type"), n, Tree.field(n, "value"));
            case "resource" -> declare(Tree.field(n, "name"), Tree.field(n, "type"), n, Tree.field(n, "value"));
            case "instanceof_expression" -> declare(Tree.field(n, "name"), Tree.field(n, "right"), n, null);
            case "type_pattern", "record_pattern_component" -> declare(Tree.named(n).getLast(), null, n, null);
            case "lambda_expression" -> {
                Node params = Tree.field(n, "parameters");
                for (Node p : Tree.is(params, "identifier") ? List.of(params) : Tree.named(params)) {
                    if (Tree.is(p, "identifier")) {
                        declare(p, null, p, null);
                    }
                }
            }
            case "assignment_expression" -> {
                Node left = Tree.field(n, "left");
                if (Tree.is(left, "identifier")) {
                    boolean plain = n.getChildCount() > 1 && tree.text(n.getChild(1)).equals("=");
                    assigned.computeIfAbsent(tree.text(left), k -> new ArrayList<>()).add(plain ? Tree.field(n, "right") : null);
                }
            }
            default -> { }
        }
    }

    private void declare(Node name, Node type, Node binding, Node value) {
        if (name == null || !Tree.is(name, "identifier")) {
            return;
        }
        String local = tree.text(name);
        List<Node> values = assigned.computeIfAbsent(local, k -> new ArrayList<>());
        if (value != null || !Tree.is(binding, "variable_declarator", "resource")) {
            values.add(value);
        }
        String declared = type == null ? "?" : simple(tree, type);
        if (declared.equals("var")) {
            String created = value == null ? null : created(tree, value);
            declared = created == null ? "?" : created;
        }
        boolean array = Tree.is(type, "array_type") || Tree.field(binding, "dimensions") != null || Tree.is(binding, "spread_parameter");
        declaredTypes.computeIfAbsent(local, k -> new HashSet<>()).add(array ? ARRAY : declared);
    }

    static void walk(Node node, java.util.function.Consumer<Node> visit) {
        List<Node> todo = new ArrayList<>(List.of(node));
        while (!todo.isEmpty()) {
            Node n = todo.removeLast();
            visit.accept(n);
            todo.addAll(Tree.named(n));
        }
    }
}
