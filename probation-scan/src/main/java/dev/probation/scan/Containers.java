package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps and lists a function creates and fills at constant keys or positions: Java's {@code put("a", x)},
 * {@code add(x)}, {@code remove(0)}; Python's {@code {"a": x}}, {@code d["a"] = x}, {@code append},
 * {@code pop(0)}; JavaScript's {@code {a: x}}, {@code o.a = x}, {@code push}, {@code shift}, and
 * {@code Map.set}. A read at a constant key or position ({@code get("b")}, {@code d["b"]},
 * {@code o.b}, {@code items[1]}) then carries only what was stored there. Tracking stops, and reads fall back to the
 * taint of the whole container (kept by {@link Flow}), as soon as the container is used in any other
 * way: passed along, aliased, changed by an unknown method or at an unknown key, or changed on a
 * branch or loop deeper than where it was created.
 */
final class Containers {

    /** Java types whose fresh instance is an empty map or list. */
    private static final Pattern JAVA_MAP = Pattern.compile("(?:java\\.util\\.)?(?:HashMap|LinkedHashMap|TreeMap|Hashtable|ConcurrentHashMap)");
    private static final Pattern JAVA_LIST = Pattern.compile("(?:java\\.util\\.)?(?:ArrayList|LinkedList|Vector)");
    /** Calls that read without changing anything. */
    private static final Set<String> READS = Set.of("get", "getOrDefault", "containsKey", "containsValue", "contains", "size",
            "isEmpty", "indexOf", "toString", "equals", "hashCode", "has", "count", "index", "copy", "slice", "includes",
            "join", "keys", "values", "items", "entries");

    /**
     * One container's contents at the current point of the walk.
     *
     * @param slots the value at each key (a map) or position (a list: keys 0..n-1)
     * @param list    whether positions shift on insert and remove
     * @param members whether {@code o.key} reads a key (a JavaScript object)
     * @param depth   the branch depth where it was created: changes deeper than that stop the tracking
     */
    private record State(Map<Object, Taint> slots, boolean list, boolean members, int depth) {}

    private final Map<String, State> tracked = new HashMap<>();
    /** The names that lambdas and local functions of the scope mention, found on first use. */
    private Set<String> captured;

    /**
     * {@code m = new HashMap<>()}, {@code d = {"a": x}}, {@code items = []}: tracking starts afresh; any
     * other assignment to a tracked name stops it. {@code d["a"] = x}, {@code o.a = x}: one slot changes.
     */
    void bound(Binding binding, Scope scope) {
        Syntax syntax = scope.syntax();
        Syntax.Expr target = syntax.kind(binding.target());
        if (target == Syntax.Expr.SUBSCRIPT || target == Syntax.Expr.MEMBER) {
            String root = syntax.rootName(binding.target());
            State state = root == null ? null : tracked.get(root);
            if (state != null && (binding.augmented() || !store(state, binding, scope))) {
                tracked.remove(root);
            }
            return;
        }
        tracked.remove(binding.name());
        if (binding.augmented() || target != Syntax.Expr.NAME) {
            return;
        }
        State state = created(binding.value(), scope);
        // the capture search walks the whole function: only for the rare binding that creates a container
        if (state != null && !capturedByNestedFunction(binding.name(), scope)) {
            tracked.put(binding.name(), state);
        }
    }

    /** A fresh container, with what its literal holds; null for anything else. */
    private static State created(Node value, Scope scope) {
        int depth = scope.branchDepth();
        Map<Object, Taint> slots = new LinkedHashMap<>();
        switch (Tree.type(value)) {
            case "dictionary", "object" -> {
                for (Node entry : Tree.named(value)) {
                    Object key = Tree.is(entry, "pair") ? key(Tree.field(entry, "key"), scope) : null;
                    if (Tree.is(entry, "shorthand_property_identifier")) {
                        slots.put(scope.text(entry), scope.taint(entry)); // {name}
                    } else if (key != null) {
                        slots.put(key, scope.taint(Tree.field(entry, "value")));
                    } else if (!Tree.is(entry, "comment")) {
                        return null; // a spread, a method, a computed key
                    }
                }
                return new State(slots, false, Tree.is(value, "object"), depth);
            }
            case "list", "array" -> {
                for (Node item : Tree.named(value)) {
                    if (Tree.is(item, "list_splat", "spread_element", "parenthesized_list_splat")) {
                        return null;
                    }
                    if (!Tree.is(item, "comment")) {
                        slots.put((long) slots.size(), scope.taint(item));
                    }
                }
                return new State(slots, true, false, depth);
            }
            default -> { }
        }
        Call call = scope.syntax().call(value);
        if (call == null || !call.args().isEmpty() || !call.keywords().isEmpty()) {
            return null;
        }
        String type = call.callee();
        boolean map = call.constructor() && (JAVA_MAP.matcher(type).matches() || type.equals("Map")) || !call.constructor() && type.equals("dict");
        boolean list = call.constructor() && JAVA_LIST.matcher(type).matches() || !call.constructor() && type.equals("list");
        return map || list ? new State(slots, list, false, depth) : null;
    }

    /** A key as written in a literal: {@code colour:} in JavaScript is the string "colour", not the variable. */
    private static Object key(Node node, Scope scope) {
        if (node == null) {
            return null;
        }
        if (Tree.is(node, "property_identifier")) {
            return scope.text(node);
        }
        if (Tree.is(node, "computed_property_name")) {
            return node.getNamedChildCount() == 1 ? scope.constant(node.getNamedChild(0)) : null;
        }
        return scope.constant(node);
    }

    /** {@code d["a"] = x} on a tracked container: whether the slot could be set (else tracking stops). */
    private static boolean store(State state, Binding binding, Scope scope) {
        Node[] access = access(binding.target(), state, scope);
        if (access == null || scope.branchDepth() != state.depth()) {
            return false;
        }
        Object key = access[1] == null ? memberName(binding.target(), scope) : key(access[1], scope);
        if (key == null || state.list() && !(key instanceof Long index && index >= 0 && index < state.slots().size())) {
            return false;
        }
        state.slots().put(key, scope.taint(binding.value()));
        return true;
    }

    /**
     * The object and key of {@code d["a"]} or {@code o.a} when the object is the tracked name itself: the
     * key node is null for {@code o.a}, which is a key only of a JavaScript object. Null for other accesses.
     */
    private static Node[] access(Node node, State state, Scope scope) {
        Node object;
        Node key = null;
        switch (Tree.type(node)) {
            case "subscript" -> { // Python
                object = Tree.field(node, "value");
                key = Tree.field(node, "subscript");
                if (node.getNamedChildCount() != 2) {
                    return null; // d[a, b]
                }
            }
            case "subscript_expression" -> {
                object = Tree.field(node, "object");
                key = Tree.field(node, "index");
            }
            case "member_expression" -> {
                if (!state.members() || scope.text(node).contains("?.")) {
                    return null;
                }
                object = Tree.field(node, "object");
            }
            default -> {
                return null;
            }
        }
        return object != null && Tree.is(object, "identifier") && (key != null || Tree.is(node, "member_expression"))
                ? new Node[] {object, key} : null;
    }

    private static String memberName(Node member, Scope scope) {
        Node property = Tree.field(member, "property");
        return property == null || !Tree.is(property, "property_identifier") ? null : scope.text(property);
    }

    /** A tracked name seen anywhere but as the receiver of a call or the object of a key access: it may be changed elsewhere now. */
    void seen(Node node, Scope scope) {
        if (tracked.isEmpty() || scope.syntax().kind(node) != Syntax.Expr.NAME || !tracked.containsKey(scope.text(node))) {
            return;
        }
        Syntax syntax = scope.syntax();
        Node parent = node.getParent();
        Call call = parent == null ? null : syntax.call(parent);
        boolean receiver = call != null && call.receiver() != null && call.receiver().equals(node);
        boolean declared = parent != null && Tree.is(parent, "variable_declarator", "assignment_expression", "assignment")
                && (node.equals(Tree.field(parent, "name")) || node.equals(Tree.field(parent, "left")));
        boolean accessed = parent != null && (syntax.kind(parent) == Syntax.Expr.MEMBER || syntax.kind(parent) == Syntax.Expr.SUBSCRIPT)
                && node.equals(syntax.object(parent)) && !deleted(parent, scope);
        if (!receiver && !declared && !accessed) {
            tracked.remove(scope.text(node));
        }
    }

    /** {@code del d["a"]}, {@code delete o.a}. */
    private static boolean deleted(Node access, Scope scope) {
        Node up = access.getParent();
        return up != null && (Tree.is(up, "delete_statement") || Tree.is(up, "unary_expression") && scope.text(up).startsWith("delete"));
    }

    /** A call on a tracked container: records puts, adds and removes at constant keys; anything else stops the tracking. */
    void called(Call call, Scope scope) {
        String name = call.receiver() == null ? null : scope.text(call.receiver());
        State state = name == null ? null : tracked.get(name);
        if (state == null || READS.contains(call.name())) {
            return;
        }
        if (scope.branchDepth() != state.depth() || !change(state, call, scope)) {
            tracked.remove(name);
        }
    }

    private static boolean change(State state, Call call, Scope scope) {
        Map<Object, Taint> slots = state.slots();
        int size = slots.size();
        int args = call.args().size();
        Object key = call.arg(0) == null ? null : scope.constant(call.arg(0));
        if (call.name().equals("clear") && args == 0) {
            slots.clear();
            return true;
        }
        if (!state.list()) {
            return switch (call.name()) {
                case "put", "set" -> {
                    if (state.members() || key == null || args != 2) {
                        yield false; // a JavaScript object's own method, or an unknown key
                    }
                    slots.put(key, scope.taint(call.arg(1)));
                    yield true;
                }
                case "remove", "delete", "pop" -> {
                    if (key == null) {
                        yield false;
                    }
                    slots.remove(key);
                    yield true;
                }
                default -> false;
            };
        }
        long index = key instanceof Long n ? n : -1;
        return switch (call.name() + "/" + Math.min(args, 2)) {
            case "add/1", "append/1", "push/1", "push/2" -> {
                call.args().forEach(arg -> slots.put((long) slots.size(), scope.taint(arg)));
                yield true;
            }
            case "add/2", "insert/2" -> index >= 0 && index <= size && insert(slots, (int) index, scope.taint(call.arg(1)));
            case "unshift/1" -> insert(slots, 0, scope.taint(call.arg(0)));
            case "remove/1", "pop/1" -> index >= 0 && index < size && removeAt(slots, (int) index);
            case "pop/0" -> size > 0 && removeAt(slots, size - 1);
            case "shift/0" -> size > 0 && removeAt(slots, 0);
            case "set/2" -> {
                if (index < 0 || index >= size) {
                    yield false;
                }
                slots.put(index, scope.taint(call.arg(1)));
                yield true;
            }
            default -> false; // remove(Object), splice, sort, extend...: positions unknown
        };
    }

    private static boolean insert(Map<Object, Taint> slots, int at, Taint value) {
        List<Taint> items = items(slots);
        items.add(at, value);
        renumber(slots, items);
        return true;
    }

    private static boolean removeAt(Map<Object, Taint> slots, int at) {
        List<Taint> items = items(slots);
        items.remove(at);
        renumber(slots, items);
        return true;
    }

    private static List<Taint> items(Map<Object, Taint> slots) {
        List<Taint> items = new ArrayList<>();
        for (long i = 0; i < slots.size(); i++) {
            items.add(slots.get(i));
        }
        return items;
    }

    private static void renumber(Map<Object, Taint> slots, List<Taint> items) {
        slots.clear();
        for (int i = 0; i < items.size(); i++) {
            slots.put((long) i, items.get(i));
        }
    }

    /**
     * What a read at a constant key or position returns: the value stored there, clean when nothing
     * is (the read gives null or the default); null when the container or the key is not known.
     */
    Taint read(Call call, Scope scope) {
        State state = call.receiver() == null ? null : tracked.get(scope.text(call.receiver()));
        if (state == null || state.members() || !call.name().equals("get") && !call.name().equals("getOrDefault") || call.arg(0) == null) {
            return null;
        }
        Object key = scope.constant(call.arg(0));
        if (key == null || state.list() && !(key instanceof Long)) {
            return null;
        }
        Taint stored = state.slots().get(key);
        if (stored != null) {
            return stored;
        }
        if (state.list()) {
            return null; // out of range: it throws, and we do not follow exceptions
        }
        return call.arg(1) != null ? scope.taint(call.arg(1)) : Taint.CLEAN; // getOrDefault(k, d), Python's get(k, d)
    }

    /** {@code d["a"]}, {@code o.a}, {@code items[1]} on a tracked container: what is stored there; null when not known. */
    Taint readAccess(Node node, Scope scope) {
        String root = tracked.isEmpty() ? null : scope.syntax().rootName(node);
        State state = root == null ? null : tracked.get(root);
        Node[] access = state == null ? null : access(node, state, scope);
        if (access == null) {
            return null;
        }
        Object key = access[1] == null ? memberName(node, scope) : key(access[1], scope);
        if (key == null || state.list() && !(key instanceof Long)) {
            return null;
        }
        Taint stored = state.slots().get(key);
        return stored != null ? stored : state.list() ? null : Taint.CLEAN;
    }

    /** Whether a lambda or local function in the scope mentions the name: it could change the container at any time. */
    private boolean capturedByNestedFunction(String name, Scope scope) {
        if (captured == null) {
            captured = new HashSet<>(); // once per function: a search per container was quadratic in a long module
            namesInNested(scope.function, scope.syntax(), false, captured);
        }
        return captured.contains(name);
    }

    private static void namesInNested(Node node, Syntax syntax, boolean nested, Set<String> out) {
        for (Node child : Tree.named(node)) {
            boolean inside = nested || syntax.isFunction(child);
            if (inside && syntax.kind(child) == Syntax.Expr.NAME) {
                out.add(syntax.tree.text(child));
            }
            namesInNested(child, syntax, inside, out);
        }
    }
}
