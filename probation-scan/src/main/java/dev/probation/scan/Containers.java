package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps and lists a function creates and fills at constant keys or positions: {@code put("a", x)},
 * {@code add(x)}, {@code remove(0)}. A read at a constant key or position ({@code get("b")},
 * {@code get(1)}) then carries only what was stored there. Tracking stops, and reads fall back to the
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
            "isEmpty", "indexOf", "toString", "equals", "hashCode");

    /**
     * One container's contents at the current point of the walk.
     *
     * @param slots the value at each key (a map) or position (a list: keys 0..n-1)
     * @param list  whether positions shift on insert and remove
     * @param depth the branch depth where it was created: changes deeper than that stop the tracking
     */
    private record State(Map<Object, Taint> slots, boolean list, int depth) {}

    private final Map<String, State> tracked = new HashMap<>();

    /** {@code m = new HashMap<>()}: tracking starts afresh; any other assignment to a tracked name stops it. */
    void bound(Binding binding, Scope scope) {
        tracked.remove(binding.name());
        if (binding.augmented() || scope.syntax().kind(binding.target()) != Syntax.Expr.NAME) {
            return;
        }
        Call call = scope.syntax().call(binding.value());
        if (call == null || !call.constructor() || !call.args().isEmpty() || capturedByNestedFunction(binding.name(), scope)) {
            return;
        }
        boolean map = JAVA_MAP.matcher(call.callee()).matches();
        if (map || JAVA_LIST.matcher(call.callee()).matches()) {
            tracked.put(binding.name(), new State(new LinkedHashMap<>(), !map, scope.branchDepth()));
        }
    }

    /** A tracked name seen anywhere but as the receiver of a call: it may be changed elsewhere now. */
    void seen(Node node, Scope scope) {
        if (tracked.isEmpty() || scope.syntax().kind(node) != Syntax.Expr.NAME || !tracked.containsKey(scope.text(node))) {
            return;
        }
        Node parent = node.getParent();
        Call call = parent == null ? null : scope.syntax().call(parent);
        boolean receiver = call != null && call.receiver() != null && call.receiver().equals(node);
        boolean declared = parent != null && Tree.is(parent, "variable_declarator", "assignment_expression")
                && node.equals(Tree.field(parent, Tree.is(parent, "variable_declarator") ? "name" : "left"));
        if (!receiver && !declared) {
            tracked.remove(scope.text(node));
        }
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
        Object key = call.arg(0) == null ? null : scope.constant(call.arg(0));
        switch (call.name()) {
            case "put" -> {
                if (state.list() || key == null || call.args().size() != 2) {
                    return false;
                }
                slots.put(key, scope.taint(call.arg(1)));
            }
            case "add" -> {
                if (!state.list() || call.args().size() == 2 && !(key instanceof Long)) {
                    return false;
                }
                if (call.args().size() == 1) {
                    slots.put((long) size, scope.taint(call.arg(0)));
                } else {
                    int at = ((Long) key).intValue();
                    if (at < 0 || at > size) {
                        return false;
                    }
                    List<Taint> items = items(slots);
                    items.add(at, scope.taint(call.arg(1)));
                    renumber(slots, items);
                }
            }
            case "remove" -> {
                if (!state.list()) {
                    if (key == null) {
                        return false;
                    }
                    slots.remove(key);
                    return true;
                }
                if (!(key instanceof Long index) || index < 0 || index >= size) {
                    return false; // remove(Object), or an index we cannot place
                }
                List<Taint> items = items(slots);
                items.remove(index.intValue());
                renumber(slots, items);
            }
            case "set" -> {
                if (!state.list() || !(key instanceof Long index) || index < 0 || index >= size || call.args().size() != 2) {
                    return false;
                }
                slots.put(index, scope.taint(call.arg(1)));
            }
            case "clear" -> slots.clear();
            default -> {
                return false;
            }
        }
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
        if (state == null || !call.name().equals("get") && !call.name().equals("getOrDefault") || call.arg(0) == null) {
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
        return call.name().equals("getOrDefault") && call.arg(1) != null ? scope.taint(call.arg(1)) : Taint.CLEAN;
    }

    /** Whether a lambda or local function in the scope mentions the name: it could change the container at any time. */
    private static boolean capturedByNestedFunction(String name, Scope scope) {
        return mentionedInNested(scope.function, name, scope, false);
    }

    private static boolean mentionedInNested(Node node, String name, Scope scope, boolean nested) {
        for (Node child : Tree.named(node)) {
            boolean inside = nested || scope.syntax().isFunction(child);
            if (inside && scope.syntax().kind(child) == Syntax.Expr.NAME && scope.text(child).equals(name)
                    || mentionedInNested(child, name, scope, inside)) {
                return true;
            }
        }
        return false;
    }
}
