package dev.probation.scan;

import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Syntax.Param;
import dev.probation.scan.Taint.Origin;
import dev.probation.scan.Taint.Sink;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What data an expression carries inside one function: names, members, string building, calls
 * (sources, sanitisers, summaries of local and project functions), callbacks of {@code map}. The
 * walk that binds names and reports sinks is {@link Flow.Scope}; this is its evaluator.
 */
final class Expressions {

    private static final int MAX_DEPTH = 60;

    private final Flow flow;
    private final Flow.Scope scope;
    private int depth;

    Expressions(Flow flow, Flow.Scope scope) {
        this.flow = flow;
        this.scope = scope;
    }

    Taint taint(Node node) {
        if (node == null || depth > MAX_DEPTH) {
            return Taint.CLEAN;
        }
        depth++;
        try {
            return compute(node);
        } finally {
            depth--;
        }
    }

    private Taint compute(Node node) {
        if (flow.syntax.isFunction(node) || flow.syntax.isBoolean(node)) {
            return Taint.CLEAN;
        }
        Node element = flow.syntax.element(node);
        if (element != null) {
            return taint(element);
        }
        return switch (flow.syntax.kind(node)) {
            case STRING -> flow.literals ? HardCodedSecrets.literal(node, flow) : Taint.CLEAN;
            case LITERAL -> Taint.CLEAN;
            case NAME -> named(flow.tree.text(node), node);
            case INTERPOLATED -> joined(flow.syntax.parts(node)).composedInto();
            case CONCAT -> joined(flow.syntax.parts(node)).composedInto();
            case FORMAT -> {
                List<Node> parts = flow.syntax.parts(node);
                yield flow.syntax.isConstantString(parts.getFirst()) ? taint(parts.get(1)).composedInto() : joined(parts);
            }
            case MEMBER, SUBSCRIPT -> {
                String text = flow.tree.text(node).replaceAll("\\s+", "");
                Origin origin = flow.threat.admit(flow.rules.memberSource(text, Tree.line(node) + flow.lineOffset));
                if (origin != null) {
                    yield Taint.of(origin);
                }
                Taint stored = scope.containers.readAccess(node, scope);
                if (stored != null) {
                    yield stored;
                }
                if (scope.env.containsKey(text)) {
                    yield scope.withChecks(text, scope.env.get(text));
                }
                Taint field = scope.javaFields == null ? null : scope.javaFields.member(text, Tree.line(node) + flow.lineOffset);
                if (field != null) {
                    yield field;
                }
                if (flow.fields.containsKey(text)) {
                    yield flow.fields.get(text);
                }
                Node object = flow.syntax.object(node);
                yield object == null ? Taint.CLEAN : taint(object);
            }
            case CALL -> {
                Call call = flow.syntax.call(node);
                Taint stored = call == null ? null : scope.containers.read(call, scope);
                yield stored != null ? stored : call == null ? joined(Tree.named(node)) : called(call);
            }
            case OTHER -> {
                Node condition = flow.syntax.condition(node); // a ternary's value is one of its branches
                List<Node> parts = new ArrayList<>(Tree.named(node));
                Set<Node> dead = flow.rules.deadCode(node, scope);
                parts.removeIf(c -> condition != null && c.equals(condition) || dead.contains(c));
                yield joined(parts);
            }
        };
    }

    private Taint named(String name, Node node) {
        Taint known = scope.env.get(name);
        if (known != null) {
            return scope.withChecks(name, known);
        }
        Origin origin = flow.threat.admit(flow.rules.memberSource(name, Tree.line(node) + flow.lineOffset));
        if (origin != null) {
            return Taint.of(origin);
        }
        Taint field = scope.javaFields == null ? null : scope.javaFields.bare(name, Tree.line(node) + flow.lineOffset);
        return field != null ? field : flow.tree.language() == Language.JAVA ? flow.fields.getOrDefault("this." + name, Taint.CLEAN) : Taint.CLEAN;
    }

    private Taint joined(List<Node> nodes) {
        Taint t = Taint.CLEAN;
        for (Node n : nodes) {
            t = t.join(taint(n));
        }
        return t;
    }

    private Taint called(Call call) {
        Origin origin = flow.threat.admit(flow.rules.callSource(call, Tree.line(call.node()) + flow.lineOffset));
        if (origin != null) {
            return Taint.of(origin);
        }
        Set<Sink> sanitised = flow.rules.sanitises(call, scope);
        if (sanitised.containsAll(EnumSet.allOf(Sink.class))) {
            return Taint.CLEAN;
        }
        Taint args = joined(call.args()).join(joined(List.copyOf(call.keywords().values())));
        Summary callee = scope.local(call);
        Taint result;
        Node mapper = call.arg(0);
        if (Set.of("map", "flatMap").contains(call.name()) && mapper != null && flow.syntax.isFunction(mapper)) {
            result = mapped(mapper, taint(call.receiver()));
        } else if (flow.rules.composes(call)) {
            result = args.join(taint(call.receiver())).composedInto();
        } else if (callee != null) {
            Taint all = args;
            result = callee.result(i -> call.keywords().isEmpty() ? taint(call.arg(i)) : all, call.args().size(), args,
                    () -> call.receiver() == null ? Taint.CLEAN : taint(call.receiver()),
                    f -> scope.fieldAt(f, Tree.line(call.node()) + flow.lineOffset), Tree.line(call.node()) + flow.lineOffset);
            if (flow.literals && callee.returnsLiteral) {
                result = result.join(HardCodedSecrets.returned(call, flow));
            }
        } else if (flow.rules.returnsReceiverOnly(call, scope)) {
            result = taint(call.receiver());
        } else {
            result = args.join(taint(call.receiver()));
        }
        return result.safeFor(sanitised);
    }

    /** {@code items.map(r => `<li>${Number(r.id)}</li>`)}: what the callback returns for each element. */
    private Taint mapped(Node callback, Taint elements) {
        List<Param> params = flow.syntax.parameters(callback);
        Node body = Tree.field(callback, "body");
        Node value = body == null ? null : flow.syntax.returned(callback);
        if (value == null && body != null) {
            value = Tree.is(body, "statement_block", "block") ? lastReturn(body) : body;
        }
        if (value == null || params.isEmpty()) {
            return elements;
        }
        Map<String, Taint> saved = new HashMap<>();
        for (Param p : params) {
            saved.put(p.name(), scope.env.get(p.name()));
            scope.env.put(p.name(), elements);
        }
        Taint result = taint(value);
        saved.forEach((name, old) -> {
            if (old == null) {
                scope.env.remove(name);
            } else {
                scope.env.put(name, old);
            }
        });
        return result;
    }

    private Node lastReturn(Node node) {
        Node found = null;
        for (Node child : Tree.named(node)) {
            if (flow.syntax.isFunction(child)) {
                continue;
            }
            Node r = flow.syntax.returned(child);
            Node deeper = r != null ? r : lastReturn(child);
            if (deeper != null) {
                found = deeper;
            }
        }
        return found;
    }
}
