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
    private static final String[] NORMALISING_WORDS = {"realpath", "abspath", "normpath", ".resolve(", ".normalize(", "getCanonical",
            "toRealPath", "path.relative(", "safe_join"};
    private static final Pattern RELATIVE = Pattern.compile("(?s)(?:path\\.relative|os\\.path\\.relpath|\\w+\\.relativize)\\(.*");
    private static final Set<String> LEAVING_CALLS = Set.of("abort", "exit", "sendError", "fail", "_exit");

    /**
     * Receives what a condition proves about a name: safe for these sinks where the condition holds
     * ({@code ALLOWED.contains(x)}), or where it fails ({@link #whenFalse}: {@code urlparse(u).netloc}).
     */
    @FunctionalInterface
    interface Proof {
        void proves(String name, Set<Sink> sinks, boolean whenTrue);

        default void accept(String name, Set<Sink> sinks) {
            proves(name, sinks, true);
        }

        default void whenFalse(String name, Set<Sink> sinks) {
            proves(name, sinks, false);
        }
    }

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
        if (mayNormalise(value) && NORMALISING.matcher(value).find()) {
            normalised.add(b.name());
        }
        if (RELATIVE.matcher(value).matches()) {
            List<String> names = new ArrayList<>();
            Rules.collectNames(b.value(), syntax, names::add);
            relativeTo.put(b.name(), names);
        }
    }

    /**
     * Whether the text holds a word that every alternative of {@link #NORMALISING} contains. A regex
     * alternation is tried at every offset; these searches are vectorised, and most values hold none.
     */
    private static boolean mayNormalise(String value) {
        for (String word : NORMALISING_WORDS) {
            if (value.contains(word)) {
                return true;
            }
        }
        return false;
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
        boolean exits = branch != null && exits(branch);
        Node guarded = branch;
        Node otherwise = Tree.field(statement, "alternative");
        collect(condition, false, rules, scope, (name, sinks, negated) -> {
            if (!negated) { // if ok(x): ... x passed inside the branch, and nowhere else
                if (guarded != null) {
                    guards.add(new Guard(name, sinks, guarded.getStartByte(), guarded.getEndByte()));
                }
            } else if (exits || guarded == null || assigns(guarded, name)) {
                // a branch taken when the check fails that leaves, or replaces the value
                // (if sort not in ALLOWED: sort = "name"), rejects it: from here on it passed
                validated.computeIfAbsent(name, n -> EnumSet.noneOf(Sink.class)).addAll(sinks);
            } else if (otherwise != null) { // if not ok(x): log() else: run(x)
                guards.add(new Guard(name, sinks, otherwise.getStartByte(), statement.getEndByte()));
            }
        });
    }

    /** A check found in a condition: the name, the sinks it clears, and whether the condition holds when it fails. */
    private interface Found {
        void accept(String name, Set<Sink> sinks, boolean negated);
    }

    private void collect(Node condition, boolean negated, Rules rules, Flow.Scope scope, Found checked) {
        boolean own = negated ^ negatesItself(condition);
        rules.checks(condition, scope, (name, sinks, whenTrue) -> {
            checked.accept(name, sinks, own == whenTrue);
            for (String source : relativeTo.getOrDefault(name, List.of())) {
                checked.accept(source, EnumSet.of(Sink.PATH), own == whenTrue);
                normalised.add(source);
            }
        });
        boolean inner = negated ^ negatesOperands(condition);
        for (Node child : Tree.named(condition)) {
            if (!syntax.isFunction(child)) {
                collect(child, inner, rules, scope, checked);
            }
        }
    }

    /** {@code x not in ALLOWED}, {@code host != "example.com"}: the comparison holds when the check fails. */
    private static boolean negatesItself(Node node) {
        return Tree.is(node, "comparison_operator") && (hasOperator(node, "not in") || hasOperator(node, "!="))
                || Tree.is(node, "binary_expression") && (hasOperator(node, "!=") || hasOperator(node, "!=="));
    }

    /** {@code not ok(x)}, {@code !ok(x)}, {@code ok(x) == false}, {@code re.match(p, x) is None}, {@code commonpath(..) != base}. */
    private boolean negatesOperands(Node node) {
        if (Tree.is(node, "not_operator")) {
            return true;
        }
        if (Tree.is(node, "unary_expression") && hasOperator(node, "!")) {
            return true;
        }
        if (Tree.is(node, "binary_expression", "comparison_operator") && node.getNamedChildCount() == 2) {
            // commonpath([base, p]) != base and ok(x) == false hold when the check fails; ok(x) != null when it passed
            boolean falsy = Set.of("false", "False", "null", "None").contains(syntax.tree.text(node.getNamedChild(1)).strip());
            boolean equal = hasOperator(node, "==") || hasOperator(node, "===") || hasOperator(node, "is");
            boolean unequal = hasOperator(node, "!=") || hasOperator(node, "!==") || hasOperator(node, "is not");
            return equal && falsy || unequal && !falsy;
        }
        return false;
    }

    private static boolean hasOperator(Node node, String operator) {
        for (int i = 0; i < node.getChildCount(); i++) {
            Node child = node.getChild(i);
            if (!child.isNamed() && child.getType().equals(operator)) {
                return true;
            }
        }
        return false;
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
