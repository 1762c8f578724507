package dev.probation.scan;

import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * What the conditions of one function prove about its names. A check counts from then on when its
 * branch rejects ({@code if not ok: abort(400)}, or replaces the value), and otherwise only inside
 * the branch it guards ({@code if ok: run(x)}).
 */
final class Checks {

    /** Calls that resolve '..' segments, so that a later base-folder check means something. */
    static final Pattern NORMALISING = Pattern.compile(
            "realpath|abspath|normpath|\\.resolve\\(\\s*\\)|\\bpath\\.resolve\\(|\\.normalize\\(|getCanonical|toRealPath|path\\.relative\\(|safe_join");
    private static final Pattern RELATIVE = Pattern.compile("(?s)(?:path\\.relative|os\\.path\\.relpath|\\w+\\.relativize)\\(.*");
    private static final Set<String> LEAVING_CALLS = Set.of("abort", "exit", "sendError", "fail", "_exit");

    /** A name checked by a condition, safe for these sinks between two byte offsets. */
    private record Guard(String name, Set<Sink> sinks, int start, int end) {}

    private final Syntax syntax;
    private final Map<String, Set<Sink>> validated = new HashMap<>();
    private final List<Guard> guards = new ArrayList<>();
    private final Set<String> normalised = new HashSet<>();
    /** {@code rel = path.relative(base, target)}: checking rel checks target. */
    private final Map<String, List<String>> relativeTo = new HashMap<>();

    Checks(Syntax syntax) {
        this.syntax = syntax;
    }

    /** Remembers what an assignment's value means for later checks: a normalised path, a relative path. */
    void bound(Binding b) {
        String value = syntax.tree.text(b.value());
        if (NORMALISING.matcher(value).find()) {
            normalised.add(b.name());
        }
        if (RELATIVE.matcher(value).matches()) {
            List<String> names = new ArrayList<>();
            Rules.collectNames(b.value(), syntax, names::add);
            relativeTo.put(b.name(), names);
        }
    }

    boolean normalised(String name) {
        return normalised.contains(name);
    }

    /** The taint of {@code name} with what the checks prove at byte offset {@code position}. */
    Taint apply(String name, Taint t, int position) {
        String root = name.split("[.\\[(]", 2)[0];
        Set<Sink> checks = validated.get(root);
        Taint checked = checks == null ? t : t.safeFor(checks);
        for (Guard guard : guards) {
            if (guard.name().equals(root) && position >= guard.start() && position < guard.end()) {
                checked = checked.safeFor(guard.sinks());
            }
        }
        return checked;
    }

    /** Records the checks in the condition of an if, while or ternary. */
    void record(Node statement, Node condition, Rules rules, Flow.Scope scope) {
        Node branch = Tree.field(statement, "consequence");
        if (branch == null && Tree.is(statement, "while_statement", "do_statement")) {
            branch = Tree.field(statement, "body");
        }
        // if (KNOWN.contains(name)) continue; skips the known values: what comes after is the unknown ones
        boolean exits = branch != null && exits(branch) && !plainCall(condition);
        Node guarded = branch;
        collect(condition, rules, scope, (name, sinks) -> {
            // a branch that leaves, or replaces the value (if sort not in ALLOWED: sort = "name"), rejects it
            if (exits || guarded == null || assigns(guarded, name)) {
                validated.computeIfAbsent(name, n -> EnumSet.noneOf(Sink.class)).addAll(sinks);
            } else {
                guards.add(new Guard(name, sinks, guarded.getStartByte(), guarded.getEndByte()));
            }
        });
    }

    /** Whether the condition is just a call, {@code (ok(x))}: no negation, comparison or other operator. */
    private boolean plainCall(Node condition) {
        Node node = condition;
        while (Tree.is(node, "parenthesized_expression") && node.getNamedChildCount() == 1) {
            node = node.getNamedChild(0);
        }
        return syntax.call(node) != null;
    }

    private void collect(Node condition, Rules rules, Flow.Scope scope, BiConsumer<String, Set<Sink>> checked) {
        rules.checks(condition, scope, (name, sinks) -> {
            checked.accept(name, sinks);
            for (String source : relativeTo.getOrDefault(name, List.of())) {
                checked.accept(source, EnumSet.of(Sink.PATH));
                normalised.add(source);
            }
        });
        for (Node child : Tree.named(condition)) {
            if (!syntax.isFunction(child)) {
                collect(child, rules, scope, checked);
            }
        }
    }

    private boolean assigns(Node branch, String name) {
        for (Binding b : syntax.bindings(branch)) {
            if (b.name().equals(name)) {
                return true;
            }
        }
        for (Node child : Tree.named(branch)) {
            if (!syntax.isFunction(child) && assigns(child, name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a branch leaves: return, raise, throw, continue, break, abort(), exit(), sendError(). */
    private boolean exits(Node branch) {
        if (Tree.is(branch, "return_statement", "raise_statement", "throw_statement", "continue_statement", "break_statement")) {
            return true;
        }
        Call call = syntax.call(branch);
        if (call != null && LEAVING_CALLS.contains(call.name())) {
            return true;
        }
        for (Node child : Tree.named(branch)) {
            if (!syntax.isFunction(child) && exits(child)) {
                return true;
            }
        }
        return false;
    }
}
