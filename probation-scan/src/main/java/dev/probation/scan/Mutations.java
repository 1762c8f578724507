package dev.probation.scan;

import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Calls and assignments that change what a name holds without binding it anew: {@code parts.append(x)},
 * {@code sb.append(a).append(b)}; in Java also {@code items[2] = x} and {@code box.value = x} (the array
 * or object passed whole then carries x), and a write to a stream or writer wrapped around another
 * ({@code new ObjectOutputStream(bytes).writeObject(x)}: {@code bytes.toByteArray()} carries x).
 */
final class Mutations {

    /** Java calls that write their arguments into a stream or writer. */
    private static final Set<String> WRITES = Set.of("write", "writeObject", "writeUTF", "writeBytes", "writeChars", "print", "println");
    private static final int MAX_WRAPS = 5;

    private final Flow.Scope scope;
    /** A stream or writer and the one it was built around ({@code new ObjectOutputStream(bytes)}). */
    private final Map<String, String> wraps = new HashMap<>();

    Mutations(Flow.Scope scope) {
        this.scope = scope;
    }

    void called(Call call) {
        Syntax syntax = scope.syntax();
        if (call.receiver() == null) {
            return;
        }
        boolean write = java() && WRITES.contains(call.name()) && syntax.kind(call.receiver()) == Syntax.Expr.NAME;
        if (!write && !Rules.MUTATORS.contains(call.name())) {
            return;
        }
        String name = syntax.rootName(call.receiver());
        if (name == null || !scope.env.containsKey(name) && syntax.kind(call.receiver()) != Syntax.Expr.NAME) {
            return;
        }
        Taint added = Taint.CLEAN;
        for (Node arg : call.args()) {
            added = added.join(scope.taint(arg));
        }
        if (added.isTainted()) {
            Taint now = scope.env.getOrDefault(name, Taint.CLEAN).join(added);
            scope.env.put(name, scope.flow().rules.buildsString(call) ? now.composedInto() : now);
            for (int i = 0; write && i < MAX_WRAPS && (name = wraps.get(name)) != null; i++) {
                scope.env.put(name, scope.env.getOrDefault(name, Taint.CLEAN).join(added));
            }
        }
    }

    /** After {@code b} is bound to {@code t}: the container it is part of, or the stream it wraps. */
    void bound(Binding b, Taint t) {
        if (!java()) {
            return;
        }
        Syntax syntax = scope.syntax();
        Syntax.Expr target = syntax.kind(b.target());
        if (t.isTainted() && (target == Syntax.Expr.MEMBER || target == Syntax.Expr.SUBSCRIPT) && !b.name().startsWith("this.")) {
            String root = syntax.rootName(b.target());
            if (root != null && scope.env.containsKey(root)) {
                scope.env.put(root, scope.env.get(root).join(t));
            }
        }
        wraps.remove(b.name());
        Call created = target == Syntax.Expr.NAME ? syntax.call(b.value()) : null;
        Node inner = created == null || !created.constructor() ? null : created.arg(0);
        if (inner != null && created.name().matches("\\w*(?:OutputStream|Writer)") && syntax.kind(inner) == Syntax.Expr.NAME) {
            wraps.put(b.name(), scope.text(inner));
        }
    }

    private boolean java() {
        return scope.syntax().tree.language() == Language.JAVA;
    }
}
