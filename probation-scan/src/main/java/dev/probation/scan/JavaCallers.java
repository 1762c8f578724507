package dev.probation.scan;

import dev.probation.scan.CallerValues.Arg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who calls each Java method of the scanned project, and what they pass: a value built only from
 * constants inside the calling method, one that depends on the caller's own parameters, or anything
 * else ({@link CallerValues}). A call counts for a class when its receiver is known ({@code new T().m()},
 * a local or final field only ever given {@code new T(...)}, {@code m()}, {@code this.m()}), else for
 * every class ("*"); the class's supertypes and subtypes count too, so dynamic dispatch cannot hide a
 * caller. A method referenced as {@code Type::name} has unknown callers. Lets a sink reached only by a
 * parameter stay quiet when every caller in the project passes constants ({@code goodG2BSink("foo")});
 * a method with no known caller keeps its finding.
 */
final class JavaCallers {

    static final JavaCallers EMPTY = new JavaCallers();

    /** By {@code Class.name/arity} (Class "*": any receiver): the arguments of each call site. */
    private final Map<String, List<List<Arg>>> sites = new ConcurrentHashMap<>();
    /** Method names used as references or in calls we cannot read: their callers are unknown. */
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> constant = new ConcurrentHashMap<>();
    /** Each declared type's direct supertypes and subtypes (simple names). */
    private final Map<String, Set<String>> supertypes = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> subtypes = new HashMap<>();
    /** Classes that only hold fields (no constructor, method, initializer or superclass), by simple name. */
    private final Set<String> plain = ConcurrentHashMap.newKeySet();
    private final Set<String> notPlain = ConcurrentHashMap.newKeySet();

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
                index.collect(tree, tree.root(), new Scope(tree, null));
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError failed) {
                java.util.regex.Matcher called = CALLED.matcher(source); // calls we cannot read: their methods prove nothing
                while (called.find()) {
                    index.unknown.add(called.group(1));
                }
            }
        });
        index.supertypes.forEach((type, supers) -> supers.forEach(s -> index.subtypes.computeIfAbsent(s, k -> new HashSet<>()).add(type)));
        return index;
    }

    private static final java.util.regex.Pattern CALLED = java.util.regex.Pattern.compile("(\\w+)\\s*+\\(");

    /** The method, constructor or initializer whose locals the calls inside it pass; analysed on first use. */
    private static final class Scope {
        private final Tree tree;
        private final Node node;
        private CallerValues values;

        Scope(Tree tree, Node node) {
            this.tree = tree;
            this.node = node;
        }

        CallerValues values() {
            if (values == null) {
                values = new CallerValues(tree, node, node == null ? null : owner(tree, node));
            }
            return values;
        }
    }

    /**
     * Whether the method has at least one known caller and every caller passes a constant at
     * {@code index}, directly or through its own parameters (followed the same way).
     */
    boolean onlyConstants(String type, String name, int arity, int index) {
        if (this == EMPTY) {
            return false;
        }
        return onlyConstants(type + "." + name + "/" + arity, index, new Query());
    }

    /** One question's path through the callers, and whether it met a cycle (then nothing below is remembered). */
    private static final class Query {
        final Set<String> path = new HashSet<>();
        boolean cycle;
    }

    private boolean onlyConstants(String key, int index, Query query) {
        String id = key + "#" + index;
        Boolean known = constant.get(id);
        if (known != null) {
            return known;
        }
        if (!query.path.add(id)) {
            query.cycle = true;
            return false; // a cycle: no constant proven
        }
        boolean outerCycle = query.cycle;
        query.cycle = false;
        List<List<Arg>> calls = calls(key);
        boolean result = !calls.isEmpty() && !unknown.contains(key.substring(key.indexOf('.') + 1, key.indexOf('/')));
        for (int c = 0; result && c < calls.size(); c++) {
            List<Arg> args = calls.get(c);
            result = index < args.size() && proven(args.get(index), query);
        }
        query.path.remove(id);
        if (!query.cycle) {
            constant.put(id, result);
        }
        query.cycle |= outerCycle;
        return result;
    }

    private boolean proven(Arg arg, Query query) {
        if (arg.other() || !arg.types().stream().allMatch(t -> plain.contains(t) && !notPlain.contains(t))) {
            return false;
        }
        return arg.params().stream().allMatch(p -> onlyConstants(p.method(), p.index(), query));
    }

    /** The calls that may reach {@code Class.name/arity}: on any receiver, on the class, its supertypes and subtypes. */
    private List<List<Arg>> calls(String key) {
        String type = key.substring(0, key.indexOf('.'));
        String method = key.substring(key.indexOf('.'));
        List<List<Arg>> all = new ArrayList<>(sites.getOrDefault("*" + method, List.of()));
        for (String t : related(type)) {
            all.addAll(sites.getOrDefault(t + method, List.of()));
        }
        return all;
    }

    private Set<String> related(String type) {
        Set<String> seen = new HashSet<>(List.of(type));
        for (Map<String, Set<String>> direction : List.of(supertypes, subtypes)) {
            List<String> todo = new ArrayList<>(List.of(type));
            Set<String> reached = new HashSet<>();
            while (!todo.isEmpty()) {
                for (String next : direction.getOrDefault(todo.removeLast(), Set.of())) {
                    if (reached.add(next)) {
                        todo.add(next);
                    }
                }
            }
            seen.addAll(reached);
        }
        return seen;
    }

    private void collect(Tree tree, Node node, Scope scope) {
        for (Node child : Tree.named(node)) {
            Scope inner = scope;
            switch (Tree.type(child)) {
                case "method_invocation" -> call(tree, child, scope.values());
                case "class_declaration", "interface_declaration", "enum_declaration", "record_declaration" -> type(tree, child);
                case "method_declaration", "constructor_declaration", "compact_constructor_declaration", "static_initializer" ->
                        inner = new Scope(tree, child);
                case "block" -> inner = Tree.is(node, "class_body") ? new Scope(tree, child) : scope; // an instance initializer
                case "method_reference" -> unknown.add(tree.text(Tree.named(child).getLast()));
                default -> { }
            }
            collect(tree, child, inner);
        }
    }

    /** Records a type's supertypes, and whether it is a plain holder of fields. */
    private void type(Tree tree, Node type) {
        String name = tree.text(Tree.field(type, "name"));
        Set<String> supers = supertypes.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet());
        for (Node part : Tree.named(type)) {
            if (Tree.is(part, "superclass", "super_interfaces", "extends_interfaces")) {
                List<Node> types = Tree.is(Tree.named(part).getFirst(), "type_list") ? Tree.named(Tree.named(part).getFirst()) : Tree.named(part);
                types.forEach(t -> supers.add(LocalBindings.simple(tree, t)));
            }
        }
        (fieldsOnly(tree, type) ? plain : notPlain).add(name);
    }

    /**
     * A class whose objects, made with {@code new T()}, hold only their own fields at default or literal
     * values: no superclass, constructor, method, initializer or static field. Nothing runs when one is
     * built or read, so it carries what is written into it and no more.
     */
    private static boolean fieldsOnly(Tree tree, Node type) {
        Node body = Tree.field(type, "body");
        if (!Tree.is(type, "class_declaration") || Tree.field(type, "superclass") != null || body == null) {
            return false;
        }
        for (Node member : Tree.named(body)) {
            if (Tree.is(member, "class_declaration", "interface_declaration", "enum_declaration", "record_declaration")) {
                continue;
            }
            if (!Tree.is(member, "field_declaration") || Tree.named(member).stream()
                    .anyMatch(m -> Tree.is(m, "modifiers") && tree.text(m).matches("(?s).*\\bstatic\\b.*"))) {
                return false;
            }
            for (Node d : Tree.named(member)) {
                if (Tree.is(d, "variable_declarator") && Tree.field(d, "value") != null && !literal(Tree.field(d, "value"))) {
                    return false;
                }
            }
        }
        return true;
    }

    private void call(Tree tree, Node call, CallerValues values) {
        Node name = Tree.field(call, "name");
        Node arguments = Tree.field(call, "arguments");
        if (name == null || arguments == null) {
            return;
        }
        List<Arg> kinds = new ArrayList<>();
        for (Node arg : Tree.named(arguments)) {
            Arg kind = values.argument(arg, call);
            kinds.add(kind.equals(Arg.CONSTANT) ? Arg.CONSTANT : kind);
        }
        sites.computeIfAbsent(receiverClass(tree, call, values) + "." + tree.text(name) + "/" + kinds.size(),
                k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(List.copyOf(kinds));
    }

    /**
     * {@code m()}, {@code this.m()}: the enclosing class; {@code new T().m()}, and a local or final field
     * only ever given {@code new T(...)}: T; else any class ("*").
     */
    private static String receiverClass(Tree tree, Node call, CallerValues values) {
        Node object = Tree.field(call, "object");
        if (object == null || tree.text(object).equals("this")) {
            String c = className(tree, call);
            return c == null ? "*" : c;
        }
        while (Tree.is(object, "parenthesized_expression")) {
            object = Tree.named(object).getFirst();
        }
        String created = LocalBindings.created(tree, object);
        if (created != null) {
            return created;
        }
        if (Tree.is(object, "identifier")) {
            String local = tree.text(object);
            created = values.bindings().isLocal(local) ? values.bindings().createdType(local) : finalField(tree, call, local);
        } else if (Tree.is(object, "field_access") && tree.text(Tree.field(object, "object")).equals("this")) {
            created = finalField(tree, call, tree.text(Tree.field(object, "field")));
        }
        return created == null ? "*" : created;
    }

    /** T when the nearest enclosing class declares {@code final X name = new T(...)}; else null. */
    private static String finalField(Tree tree, Node at, String name) {
        Node body = at.getParent();
        while (body != null && !Tree.is(body, "class_body", "enum_body_declarations")) {
            body = body.getParent();
        }
        for (Node member : body == null ? List.<Node>of() : Tree.named(body)) {
            if (Tree.is(member, "field_declaration") && Tree.named(member).stream().anyMatch(m -> Tree.is(m, "modifiers")
                    && tree.text(m).matches("(?s).*\\bfinal\\b.*"))) {
                for (Node d : Tree.named(member)) {
                    if (Tree.is(d, "variable_declarator") && tree.text(Tree.field(d, "name")).equals(name) && Tree.field(d, "value") != null) {
                        return LocalBindings.created(tree, Tree.field(d, "value"));
                    }
                }
            }
        }
        return null;
    }

    /** {@code Class.name/arity} of a method whose parameters can be followed to its callers; else null. */
    private static String owner(Tree tree, Node scope) {
        if (!Tree.is(scope, "method_declaration")) {
            return null; // constructors are called with new, initializers by nobody we see
        }
        List<Node> params = Tree.named(Tree.field(scope, "parameters"));
        String c = className(tree, scope);
        return c == null || !params.stream().allMatch(p -> Tree.is(p, "formal_parameter")) ? null
                : c + "." + tree.text(Tree.field(scope, "name")) + "/" + params.size();
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

    static boolean literal(Node node) {
        return Tree.is(node, "string_literal", "decimal_integer_literal", "hex_integer_literal", "octal_integer_literal",
                "binary_integer_literal", "decimal_floating_point_literal", "null_literal", "true", "false",
                "character_literal", "text_block");
    }
}
