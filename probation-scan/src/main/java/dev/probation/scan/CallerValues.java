package dev.probation.scan;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which values inside one Java method are built only from constants, for {@link JavaCallers}.
 * The method's locals are grouped (union-find) whenever a value may flow between them: {@code b = a},
 * {@code a[i] = b}, {@code box.f = b}, {@code list.add(b)}, {@code out = new ObjectOutputStream(bytes)}.
 * A group is dirty when anything else may reach it: a call we cannot see into, a field, a lambda or
 * catch parameter, an object of a class outside {@link #VALUE_TYPES}, or code that receives one of its
 * mutable objects. The method's own parameters stay as dependencies, proven by the method's callers.
 * Flow-insensitive and conservative on purpose: a doubt makes a value non-constant, which only costs
 * a suppression, never a finding.
 */
final class CallerValues {

    /**
     * What one argument at a call site depends on: parameters of the calling method ({@code null}:
     * anything may arrive) and project classes it instantiates, which must hold fields only.
     */
    record Arg(Set<Param> params, Set<String> types) {
        static final Arg OTHER = new Arg(null, Set.of());
        static final Arg CONSTANT = new Arg(Set.of(), Set.of());

        boolean other() {
            return params == null;
        }
    }

    /** Parameter {@code index} of the method {@code Class.name/arity}. */
    record Param(String method, int index) {}

    /**
     * JDK classes whose methods only read and write the objects they are given (no file, socket,
     * environment or user code): a value built from constants with them stays constant.
     */
    static final Set<String> VALUE_TYPES = Set.of("String", "StringBuilder", "StringBuffer", "Integer", "Long", "Short",
            "Byte", "Character", "Boolean", "Double", "Float", "Collection", "List", "ArrayList", "LinkedList", "Vector",
            "Stack", "Queue", "Deque", "ArrayDeque", "Set", "HashSet", "LinkedHashSet", "TreeSet", "SortedSet", "Map",
            "HashMap", "LinkedHashMap", "TreeMap", "SortedMap", "Hashtable", "Iterator", "ListIterator", "Entry",
            "ByteArrayOutputStream", "ByteArrayInputStream", "ObjectOutputStream", "ObjectInputStream", "ObjectOutput",
            "ObjectInput", "DataOutputStream", "DataInputStream", "StringReader", "StringWriter", "BufferedReader",
            "InputStreamReader", "BufferedInputStream", "CharArrayReader", "CharArrayWriter");

    /** Types whose values no call can change, so handing them to unknown code is harmless. */
    private static final Set<String> IMMUTABLE = Set.of("String", "Integer", "Long", "Short", "Byte", "Character",
            "Boolean", "Double", "Float", "int", "long", "short", "byte", "char", "boolean", "double", "float");

    /** What an expression may carry: locals, project classes instantiated, and whether anything unknown. */
    private record Value(Set<String> locals, Set<String> types, boolean dirty) {
        static final Value CLEAN = new Value(Set.of(), Set.of(), false);
        static final Value DIRTY = new Value(Set.of(), Set.of(), true);

        Value and(Value other) {
            if (other == CLEAN || this == other) {
                return this;
            }
            if (this == CLEAN) {
                return other;
            }
            Set<String> l = new HashSet<>(locals);
            l.addAll(other.locals);
            Set<String> t = new HashSet<>(types);
            t.addAll(other.types);
            return new Value(l, t, dirty || other.dirty);
        }
    }

    private final Tree tree;
    private final Node scope;
    private final String owner;
    private final LocalBindings bindings;
    private final LocalGroups groups = new LocalGroups();
    private boolean analysed;
    private final Map<Node, Value> values = new IdentityHashMap<>();

    /**
     * The analysis of {@code scope} (a method, constructor or initializer; null outside any), whose
     * parameters are those of {@code owner} ({@code Class.name/arity}; null when they cannot be followed).
     */
    CallerValues(Tree tree, Node scope, String owner) {
        this.tree = tree;
        this.scope = scope;
        this.owner = owner;
        this.bindings = new LocalBindings(tree, scope);
    }

    /** The names the scope binds. */
    LocalBindings bindings() {
        return bindings;
    }

    /** The second pass, on first use (receivers need only the first). */
    private void analyse() {
        if (!analysed && scope != null) {
            LocalBindings.walk(scope, this::effect);
            shadowedFields();
        }
        analysed = true;
    }

    /**
     * Names are matched without scopes, so a local of an inner block or lambda that shares its name
     * with a field of an enclosing class could be mistaken for the field: such a local is unknown.
     */
    private void shadowedFields() {
        Node params = Tree.field(scope, "parameters");
        for (Node body = scope.getParent(); body != null; body = body.getParent()) {
            if (!Tree.is(body, "class_body", "enum_body_declarations", "interface_body")) {
                continue;
            }
            for (Node member : Tree.named(body)) {
                for (Node d : Tree.is(member, "field_declaration", "constant_declaration") ? Tree.named(member) : List.<Node>of()) {
                    String field = Tree.is(d, "variable_declarator") ? tree.text(Tree.field(d, "name")) : "";
                    boolean parameter = params != null && Tree.named(params).stream()
                            .anyMatch(p -> tree.text(Tree.field(p, "name")).equals(field));
                    if (bindings.isLocal(field) && !parameter) {
                        flow(field, Value.DIRTY);
                    }
                }
            }
        }
    }

    /** What the argument {@code arg} of {@code call} depends on. */
    Arg argument(Node arg, Node call) {
        analyse();
        Value v = value(arg);
        if (v.dirty) {
            return Arg.OTHER;
        }
        Set<Param> params = new HashSet<>();
        Set<String> types = new HashSet<>(v.types);
        for (String local : v.locals) {
            LocalGroups.Group g = groups.of(local);
            if (g.dirty || !g.escapes.stream().allMatch(e -> e == call)) {
                return Arg.OTHER; // something else may have written into it
            }
            params.addAll(g.params);
            types.addAll(g.types);
        }
        return new Arg(params, types);
    }

    /** Second pass: what flows into each group, and where its objects escape. */
    private void effect(Node n) {
        switch (Tree.type(n)) {
            case "formal_parameter", "spread_parameter" -> parameter(n);
            case "catch_formal_parameter", "type_pattern", "record_pattern_component", "lambda_expression" -> {
                for (Node name : Tree.is(n, "lambda_expression") ? lambdaNames(n) : List.of(Tree.named(n).getLast())) {
                    if (Tree.is(name, "identifier")) {
                        flow(tree.text(name), Value.DIRTY); // bound by code we do not follow
                    }
                }
            }
            case "variable_declarator", "resource" -> {
                Node name = Tree.field(n, "name");
                if (name != null && Tree.field(n, "value") != null) {
                    flow(tree.text(name), value(Tree.field(n, "value")));
                }
            }
            case "enhanced_for_statement" -> flow(tree.text(Tree.field(n, "name")), value(Tree.field(n, "value")));
            case "instanceof_expression" -> {
                if (Tree.field(n, "name") != null) {
                    flow(tree.text(Tree.field(n, "name")), value(Tree.field(n, "left")));
                }
            }
            case "assignment_expression" -> {
                String target = root(Tree.field(n, "left"));
                Value right = value(Tree.field(n, "right"));
                if (target != null) {
                    flow(target, right); // x = v, a[i] = v, box.f = v
                } else {
                    escape(right, null); // stored in a field: anything may change it later
                }
            }
            case "method_invocation" -> {
                Value receiver = value(Tree.field(n, "object"));
                Value args = value(Tree.field(n, "arguments"));
                if (internal(n)) {
                    for (String local : receiver.locals) {
                        flow(local, args); // list.add(v), out.writeObject(v)
                    }
                } else {
                    escape(receiver.and(args), n);
                }
            }
            case "object_creation_expression", "explicit_constructor_invocation" -> {
                if (!Tree.is(n, "object_creation_expression") || !VALUE_TYPES.contains(String.valueOf(LocalBindings.created(tree, n)))) {
                    escape(value(Tree.field(n, "arguments")), null); // a constructor we do not follow may keep it
                }
            }
            case "return_statement" -> {
                if (!Tree.named(n).isEmpty()) {
                    escape(value(Tree.named(n).getFirst()), null);
                }
            }
            default -> { }
        }
    }

    private List<Node> lambdaNames(Node lambda) {
        Node params = Tree.field(lambda, "parameters");
        return Tree.is(params, "identifier") ? List.of(params)
                : Tree.named(params).stream().filter(p -> Tree.is(p, "identifier")).toList();
    }

    private void parameter(Node p) {
        Node name = Tree.field(p, "name");
        if (name == null) {
            return;
        }
        Node list = p.getParent();
        int index = Tree.named(list).indexOf(p);
        if (owner != null && Tree.is(p, "formal_parameter") && list.getParent() == scope) {
            groups.of(tree.text(name)).params.add(new Param(owner, index));
        } else {
            flow(tree.text(name), Value.DIRTY); // a lambda's, an inner class's, varargs
        }
    }

    /** {@code v.m(...)} on a local (or {@code new T(...)}, a cast) of a {@link #VALUE_TYPES} class or an array. */
    private boolean internal(Node call) {
        Node object = Tree.field(call, "object");
        while (Tree.is(object, "parenthesized_expression")) {
            object = Tree.named(object).getFirst();
        }
        if (object == null) {
            return false;
        }
        if (Tree.is(object, "identifier")) {
            Set<String> types = bindings.types(tree.text(object));
            return !types.isEmpty() && types.stream().allMatch(t -> t.equals(LocalBindings.ARRAY) || VALUE_TYPES.contains(t));
        }
        if (Tree.is(object, "cast_expression")) {
            return VALUE_TYPES.contains(LocalBindings.simple(tree, Tree.field(object, "type")));
        }
        return VALUE_TYPES.contains(String.valueOf(LocalBindings.created(tree, object)));
    }

    /** The local at the root of an assignment target: {@code x}, {@code x[i]}, {@code x.f}, {@code x.f[i].g}. */
    private String root(Node target) {
        Node n = target;
        while (Tree.is(n, "array_access", "field_access", "parenthesized_expression")) {
            n = Tree.is(n, "array_access") ? Tree.field(n, "array") : Tree.is(n, "field_access") ? Tree.field(n, "object")
                    : Tree.named(n).getFirst();
        }
        return Tree.is(n, "identifier") && bindings.isLocal(tree.text(n)) ? tree.text(n) : null;
    }

    /** What an expression may carry (remembered per node). */
    private Value value(Node n) {
        if (n == null) {
            return Value.CLEAN;
        }
        Value v = values.get(n);
        if (v == null) {
            v = compute(n);
            values.put(n, v);
        }
        return v;
    }

    private Value compute(Node n) {
        if (JavaCallers.literal(n) || Tree.is(n, "class_literal")) {
            return Value.CLEAN;
        }
        return switch (Tree.type(n)) {
            case "identifier" -> bindings.isLocal(tree.text(n)) ? new Value(Set.of(tree.text(n)), Set.of(), false) : Value.DIRTY;
            case "parenthesized_expression", "argument_list", "array_initializer", "binary_expression", "unary_expression",
                    "update_expression", "ternary_expression", "dimensions_expr" -> all(Tree.named(n));
            case "cast_expression" -> value(Tree.field(n, "value"));
            case "instanceof_expression" -> value(Tree.field(n, "left"));
            case "assignment_expression" -> value(Tree.field(n, "left")).and(value(Tree.field(n, "right")));
            case "array_access" -> value(Tree.field(n, "array")).and(value(Tree.field(n, "index")));
            case "field_access" -> value(Tree.field(n, "object")); // box.f: as clean as box; this.f, Type.F: unknown
            case "array_creation_expression" -> all(Tree.named(n).stream().filter(c -> !c.equals(Tree.field(n, "type"))).toList());
            case "object_creation_expression" -> {
                String type = LocalBindings.created(tree, n);
                if (type == null) {
                    yield Value.DIRTY; // an anonymous class, an inner class of another object
                }
                Value args = value(Tree.field(n, "arguments"));
                yield VALUE_TYPES.contains(type) ? args : args.and(new Value(Set.of(), Set.of(type), false));
            }
            case "method_invocation" -> internal(n) ? value(Tree.field(n, "object")).and(value(Tree.field(n, "arguments"))) : Value.DIRTY;
            default -> Value.DIRTY; // this, lambdas, method references, switch expressions...
        };
    }

    private Value all(List<Node> nodes) {
        Value v = Value.CLEAN;
        for (Node n : nodes) {
            v = v.and(value(n));
        }
        return v;
    }

    /** Everything the value carries flows into {@code local}'s group. */
    private void flow(String local, Value v) {
        LocalGroups.Group g = groups.of(local);
        g.dirty |= v.dirty;
        g.types.addAll(v.types);
        for (String other : v.locals) {
            groups.union(local, other);
        }
    }

    /** The value's mutable locals are handed to code we do not follow: at {@code call}, or anywhere (null). */
    private void escape(Value v, Node call) {
        for (String local : v.locals) {
            Set<String> types = bindings.types(local);
            if (types.isEmpty() || !IMMUTABLE.containsAll(types)) {
                LocalGroups.Group g = groups.of(local);
                if (call == null) {
                    g.dirty = true;
                } else {
                    g.escapes.add(call);
                }
            }
        }
    }
}
