package dev.probation.scan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who calls each Java method of the scanned project, and what they pass: a constant, one of the
 * caller's own parameters, or anything else. Calls are matched by method name and argument count
 * only, whatever the receiver, so that every possible caller counts (more callers, fewer parameters
 * proven constant). A method referenced as {@code Type::name} has unknown callers. Lets a sink
 * reached only by a parameter stay quiet when every caller in the project passes constants
 * ({@code goodG2BSink("foo")}); a method with no known caller keeps its finding.
 */
final class JavaCallers {

    static final JavaCallers EMPTY = new JavaCallers();

    /** One argument at a call site: constant, a parameter of the calling method (by key and index), or other. */
    private record Arg(String method, int index) {
        static final Arg CONSTANT = new Arg(null, -1);
        static final Arg OTHER = new Arg(null, -2);
    }

    /** By {@code name/arity}: the arguments of each call site. */
    private final Map<String, List<List<Arg>>> sites = new ConcurrentHashMap<>();
    /** Method names used as references or in calls we cannot read: their callers are unknown. */
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> constant = new ConcurrentHashMap<>();
    /** Each declared class's superclass (simple names), and the methods each class declares ({@code Class.name/arity}). */
    private final Map<String, String> superclass = new ConcurrentHashMap<>();
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    private JavaCallers() {}

    /** The call sites of the Java sources; EMPTY for fewer than two files (a lone snippet keeps its findings). */
    static JavaCallers of(Map<String, String> sources) {
        if (sources.size() < 2) {
            return EMPTY;
        }
        JavaCallers index = new JavaCallers();
        sources.values().parallelStream().forEach(source -> {
            try {
                Tree tree = Tree.parse(source, Language.JAVA);
                index.collect(tree, tree.root());
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError failed) {
                java.util.regex.Matcher called = CALLED.matcher(source); // calls we cannot read: their methods prove nothing
                while (called.find()) {
                    index.unknown.add(called.group(1));
                }
            }
        });
        return index;
    }

    private static final java.util.regex.Pattern CALLED = java.util.regex.Pattern.compile("(\\w+)\\s*+\\(");

    /**
     * Whether the method has at least one known caller and every caller passes a constant at
     * {@code index}, directly or through its own parameters (followed the same way).
     */
    boolean onlyConstants(String type, String name, int arity, int index) {
        if (this == EMPTY) {
            return false;
        }
        return onlyConstants(type + "." + name + "/" + arity, index, new HashSet<>());
    }

    /** The calls that may reach {@code Class.name/arity}: on that class, on its superclasses (dispatch), on any receiver. */
    private List<List<Arg>> calls(String key) {
        String type = key.substring(0, key.indexOf('.'));
        String method = key.substring(key.indexOf('.'));
        List<List<Arg>> all = new ArrayList<>(sites.getOrDefault("*" + method, List.of()));
        Set<String> seen = new HashSet<>();
        for (String t = type; t != null && seen.add(t); t = superclass.get(t)) {
            all.addAll(sites.getOrDefault(t + method, List.of()));
        }
        return all.isEmpty() ? null : all;
    }

    private boolean onlyConstants(String key, int index, Set<String> seen) {
        String id = key + "#" + index;
        Boolean known = constant.get(id);
        if (known != null) {
            return known;
        }
        if (!seen.add(id)) {
            return false; // a cycle: no constant proven
        }
        List<List<Arg>> calls = calls(key);
        boolean result = calls != null && !unknown.contains(key.substring(key.indexOf('.') + 1, key.indexOf('/')));
        for (int c = 0; result && c < calls.size(); c++) {
            List<Arg> args = calls.get(c);
            Arg arg = index < args.size() ? args.get(index) : Arg.OTHER;
            result = arg == Arg.CONSTANT || arg != Arg.OTHER && onlyConstants(arg.method(), arg.index(), seen);
        }
        if (calls == null || seen.size() == 1) {
            constant.put(id, result); // only results that do not depend on a cycle in progress are kept
        }
        return result;
    }

    private void collect(Tree tree, Node node) {
        for (Node child : Tree.named(node)) {
            switch (Tree.type(child)) {
                case "method_invocation" -> call(tree, child);
                case "class_declaration" -> {
                    Node superclass = Tree.field(child, "superclass");
                    if (superclass != null) {
                        this.superclass.put(tree.text(Tree.field(child, "name")), simple(tree.text(superclass).replaceFirst("^\\s*extends\\s+", "")));
                    }
                }
                case "method_declaration" -> declared.add(className(tree, child) + "." + tree.text(Tree.field(child, "name")) + "/"
                        + Tree.named(Tree.field(child, "parameters")).size());
                case "method_reference" -> {
                    List<Node> parts = Tree.named(child);
                    unknown.add(tree.text(parts.getLast()));
                }
                default -> { }
            }
            collect(tree, child);
        }
    }

    private void call(Tree tree, Node call) {
        Node name = Tree.field(call, "name");
        Node arguments = Tree.field(call, "arguments");
        if (name == null || arguments == null) {
            return;
        }
        List<Node> args = Tree.named(arguments);
        List<Arg> kinds = new ArrayList<>();
        for (Node arg : args) {
            kinds.add(kind(tree, arg));
        }
        sites.computeIfAbsent(receiverClass(tree, call) + "." + tree.text(name) + "/" + args.size(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(List.copyOf(kinds));
    }

    /** {@code new T().m()}: T; {@code m()}, {@code this.m()}: the enclosing class; else any class ("*"). */
    private static String receiverClass(Tree tree, Node call) {
        Node object = Tree.field(call, "object");
        if (object == null || tree.text(object).equals("this")) {
            String c = className(tree, call);
            return c == null ? "*" : c;
        }
        while (Tree.is(object, "parenthesized_expression")) {
            object = Tree.named(object).getFirst();
        }
        if (Tree.is(object, "object_creation_expression") && Tree.field(object, "body") == null) {
            return simple(tree.text(Tree.field(object, "type")));
        }
        return "*";
    }

    private static String className(Tree tree, Node node) {
        for (Node p = node.getParent(); p != null; p = p.getParent()) {
            if (Tree.is(p, "object_creation_expression", "lambda_expression")) {
                return null; // an anonymous class: its own methods and the outer ones
            }
            if (Tree.is(p, "class_declaration", "enum_declaration", "record_declaration", "interface_declaration")) {
                return tree.text(Tree.field(p, "name"));
            }
        }
        return null;
    }

    private static String simple(String type) {
        String t = type.replaceAll("(?s)<.*|\\s+", "");
        return t.substring(t.lastIndexOf('.') + 1);
    }

    private static Arg kind(Tree tree, Node arg) {
        if (literal(arg)) {
            return Arg.CONSTANT;
        }
        if (!Tree.is(arg, "identifier")) {
            return Arg.OTHER;
        }
        String name = tree.text(arg);
        Node method = arg.getParent();
        while (method != null && !Tree.is(method, "method_declaration", "constructor_declaration", "lambda_expression", "class_body")) {
            method = method.getParent();
        }
        if (method == null || !Tree.is(method, "method_declaration")) {
            return Arg.OTHER;
        }
        List<Node> params = Tree.named(Tree.field(method, "parameters"));
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Node p = Tree.field(params.get(i), "name");
            if (p == null || !Tree.is(params.get(i), "formal_parameter")) {
                return Arg.OTHER; // varargs, receiver parameters: left alone
            }
            byName.put(tree.text(p), i);
        }
        Boolean literals = assignedLiterals(tree, Tree.field(method, "body"), name);
        if (byName.containsKey(name)) {
            String owner = className(tree, method);
            return literals == null && owner != null
                    ? new Arg(owner + "." + tree.text(Tree.field(method, "name")) + "/" + params.size(), byName.get(name)) : Arg.OTHER;
        }
        return Boolean.TRUE.equals(literals) ? Arg.CONSTANT : Arg.OTHER;
    }

    /** TRUE when the local is only ever given literals in the body, FALSE when something else, null when never assigned. */
    private static Boolean assignedLiterals(Tree tree, Node body, String name) {
        if (body == null) {
            return false;
        }
        Boolean result = null;
        List<Node> todo = new ArrayList<>(List.of(body));
        while (!todo.isEmpty()) {
            Node n = todo.removeLast();
            todo.addAll(Tree.named(n));
            Node target = Tree.is(n, "variable_declarator") ? Tree.field(n, "name")
                    : Tree.is(n, "assignment_expression") ? Tree.field(n, "left")
                    : Tree.is(n, "enhanced_for_statement", "catch_formal_parameter", "formal_parameter",
                    "resource", "instanceof_expression", "record_pattern", "type_pattern") ? n : null;
            if (target == null) {
                if (Tree.is(n, "update_expression") && tree.text(n).replaceAll("[+\\-\\s]", "").equals(name)) {
                    result = result == null ? Boolean.TRUE : result; // i++ on a constant number stays constant
                }
                continue;
            }
            if (target == n) { // other ways to bind a name: unknown value when it is ours
                if (tree.text(n).matches("(?s).*\\b" + java.util.regex.Pattern.quote(name) + "\\b.*")) {
                    return false;
                }
                continue;
            }
            if (!tree.text(target).equals(name)) {
                continue;
            }
            Node value = Tree.field(n, Tree.is(n, "variable_declarator") ? "value" : "right");
            if (value == null) {
                continue; // String data; declared, assigned later
            }
            if (!literal(value)) {
                return false;
            }
            result = Boolean.TRUE;
        }
        return result;
    }

    private static boolean literal(Node node) {
        return Tree.is(node, "string_literal", "decimal_integer_literal", "hex_integer_literal", "octal_integer_literal",
                "binary_integer_literal", "decimal_floating_point_literal", "null_literal", "true", "false",
                "character_literal", "text_block");
    }
}
