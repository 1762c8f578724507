package dev.probation.scan;

import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Param;
import java.util.HashMap;
import java.util.Map;

/**
 * The class a Python method call's receiver was made from, as the callee of its constructor call:
 * {@code Repo(conn).find(q)} and {@code db.Repo(conn).find(q)} directly, and {@code repo.find(q)} when
 * every assignment to the local {@code repo} in the function (or, for a name the function neither binds
 * nor takes, at module level) is a call of the same class. Anything else (a parameter, an augmented or
 * unpacked assignment, a loop variable, two classes) is not guessed. One per file and thread.
 */
final class PythonReceivers {

    private final Tree tree;
    private final Syntax syntax;
    /** By scope (function or module), each name bound there: the constructor callee, or "" when not known. */
    private final Map<Node, Map<String, String>> made = new HashMap<>();

    PythonReceivers(Tree tree, Syntax syntax) {
        this.tree = tree;
        this.syntax = syntax;
    }

    /** The callee that made the receiver ({@code Repo}, {@code db.Repo}), or null. */
    String constructor(Node receiver, Node function) {
        if (Tree.is(receiver, "call")) {
            Node callee = Tree.field(receiver, "function");
            return dotted(callee) ? tree.text(callee) : null;
        }
        if (!Tree.is(receiver, "identifier")) {
            return null;
        }
        String name = tree.text(receiver);
        if (function != tree.root()) {
            for (Param p : syntax.parameters(function)) {
                if (p.name().equals(name)) {
                    return null;
                }
            }
        }
        String local = assigned(function, name);
        if (local == null && function != tree.root()) {
            local = assigned(tree.root(), name); // a module-level instance, read in the function
        }
        return local == null || local.isEmpty() ? null : local;
    }

    /** The one constructor callee every binding of the name in the scope calls, "" when they differ, null when unbound. */
    private String assigned(Node scope, String name) {
        return made.computeIfAbsent(scope, k -> {
            Map<String, String> names = new HashMap<>();
            collect(scope, names);
            return names;
        }).get(name);
    }

    /** Every name bound in the scope (one walk), with the constructor its bindings call or "". */
    private void collect(Node node, Map<String, String> names) {
        for (Node child : Tree.named(node)) {
            if (syntax.isFunction(child) || Tree.is(child, "class_definition")) {
                continue; // names bound there are another scope's
            }
            if (Tree.is(child, "global_statement", "nonlocal_statement", "import_statement", "import_from_statement")) {
                unknown(child, names); // bound or shared in ways not followed
                continue;
            }
            for (Binding b : syntax.bindings(child)) {
                Node callee = Tree.is(b.value(), "call") ? Tree.field(b.value(), "function") : null;
                String made = !b.augmented() && dotted(callee) && Tree.is(b.target(), "identifier")
                        && Tree.is(b.target().getParent(), "assignment", "named_expression") ? tree.text(callee) : "";
                names.merge(b.name(), made, (was, now) -> was.equals(now) ? was : "");
            }
            collect(child, names);
        }
    }

    private void unknown(Node node, Map<String, String> names) {
        for (Node child : Tree.named(node)) {
            if (Tree.is(child, "identifier")) {
                names.put(tree.text(child), "");
            }
            unknown(child, names);
        }
    }

    /** {@code Repo} or {@code db.Repo}: a name, or names joined by dots. */
    private static boolean dotted(Node callee) {
        return callee != null && (Tree.is(callee, "identifier")
                || Tree.is(callee, "attribute") && dotted(Tree.field(callee, "object")));
    }
}
