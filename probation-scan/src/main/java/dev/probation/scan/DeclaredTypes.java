package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The simple type name of a Java expression, as far as one file tells: declared types of locals,
 * parameters and fields ({@code javax.naming.directory.DirContext ctx} gives {@code DirContext}),
 * constructor calls, casts, and the few factory methods the rules need ({@code getSession()},
 * {@code newXPath()}, {@code ThreadLocalRandom.current()}). {@code null} when it cannot tell, so
 * that rules fall back to nothing rather than to names. One instance per file: declarations are
 * collected once per method.
 */
final class DeclaredTypes {

    /** Calls whose result type is known whatever their receiver. */
    private static final Map<String, String> RETURNS = Map.of("getSession", "HttpSession", "newXPath", "XPath",
            "getDirContext", "DirContext", "current", "ThreadLocalRandom");
    private static final Set<String> DECLARATIONS = Set.of("local_variable_declaration", "field_declaration",
            "formal_parameter", "catch_formal_parameter", "resource", "spread_parameter");

    private final Map<Node, Map<String, String>> declared = new IdentityHashMap<>();

    /** Whether the expression's type is known and one of these simple names. */
    boolean is(Node node, Scope scope, Set<String> simpleNames) {
        String type = of(node, scope);
        return type != null && simpleNames.contains(type);
    }

    /** The simple type of the expression, or null. */
    String of(Node node, Scope scope) {
        return of(node, scope.function, scope.syntax().tree);
    }

    /** The simple type of the expression inside the function (a method or lambda), or null. */
    String of(Node node, Node function, Tree tree) {
        if (node == null) {
            return null;
        }
        return switch (Tree.type(node)) {
            case "identifier" -> {
                String local = declarations(function, tree).get(tree.text(node));
                yield local != null ? local : declarations(tree.root(), tree).get(tree.text(node));
            }
            case "field_access" -> tree.text(Tree.field(node, "object")).equals("this")
                    ? declarations(tree.root(), tree).get(tree.text(Tree.field(node, "field"))) : null;
            case "parenthesized_expression" -> node.getNamedChildCount() == 1 ? of(node.getNamedChild(0), function, tree) : null;
            case "cast_expression" -> simple(tree.text(Tree.field(node, "type")));
            case "object_creation_expression" -> simple(tree.text(Tree.field(node, "type")));
            case "method_invocation" -> returned(node, tree);
            default -> null;
        };
    }

    /** {@code request.getSession()}, {@code xpf.newXPath()}, and static factories: {@code SecureRandom.getInstance(..)}. */
    private static String returned(Node call, Tree tree) {
        String name = tree.text(Tree.field(call, "name"));
        if (RETURNS.containsKey(name)) {
            return RETURNS.get(name);
        }
        Node object = Tree.field(call, "object");
        if (object != null && Set.of("getInstance", "getInstanceStrong", "newInstance").contains(name)) {
            String type = simple(tree.text(object));
            return type != null && Character.isUpperCase(type.charAt(0)) ? type : null;
        }
        return null;
    }

    /** {@code java.util.Random} to {@code Random}; generics and array brackets dropped. */
    static String simple(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        String plain = type.replaceAll("(?s)<.*>|\\s+", "");
        return plain.substring(plain.lastIndexOf('.') + 1);
    }

    /** Names declared inside the node (a method, or the whole file for fields), with their types. */
    private Map<String, String> declarations(Node scope, Tree tree) {
        Map<String, String> names = declared.get(scope);
        if (names == null) {
            names = new HashMap<>();
            collect(scope, tree, names, scope == tree.root());
            declared.put(scope, names);
        }
        return names;
    }

    private static void collect(Node node, Tree tree, Map<String, String> out, boolean fieldsOnly) {
        for (Node child : Tree.named(node)) {
            String type = Tree.type(child);
            if (DECLARATIONS.contains(type) && (!fieldsOnly || type.equals("field_declaration"))) {
                String declaredType = simple(tree.text(Tree.field(child, "type")));
                Node name = Tree.field(child, "name");
                if (name != null) {
                    out.putIfAbsent(tree.text(name), declaredType);
                }
                for (Node declarator : Tree.named(child)) {
                    if (Tree.is(declarator, "variable_declarator") && Tree.field(declarator, "name") != null) {
                        Node value = Tree.field(declarator, "value"); // var c = new Cookie(..)
                        String inferred = "var".equals(declaredType) && Tree.is(value, "object_creation_expression", "cast_expression")
                                ? simple(tree.text(Tree.field(value, "type"))) : declaredType;
                        out.putIfAbsent(tree.text(Tree.field(declarator, "name")), inferred);
                    }
                }
            }
            collect(child, tree, out, fieldsOnly);
        }
    }
}
