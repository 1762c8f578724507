package dev.probation.scan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python modules of the scanned project that another file imports, with the summaries of their
 * top-level functions. A call is resolved through the calling file's imports ({@link PythonImports}):
 * {@code from helpers import clean} then {@code clean(x)}, {@code import helpers as h} then
 * {@code h.clean(x)}, {@code from .helpers import clean}; a method of one of its classes through the
 * receiver's constructor ({@link PythonReceivers}): {@code Repo(conn).find(q)}, {@code repo.find(q)}. A module is known by every dotted tail of
 * its path ({@code app/util/helpers.py} is {@code helpers}, {@code util.helpers}, ...); a tail that
 * two files share is not guessed. Immutable and shared by all threads.
 */
final class PythonProject {

    static final PythonProject EMPTY = new PythonProject(Map.of());

    private static final Pattern IMPORT = Pattern.compile("(?m)^[ \\t]*+import[ \\t]++([\\w. \\t,]++)$");
    private static final Pattern FROM = Pattern.compile("(?m)^[ \\t]*+from[ \\t]++([\\w.]++)[ \\t]++import[ \\t]++\\(?([\\w. \\t,]++)");

    /** Functions by module name (every tail of the path); null for a tail two files share. */
    private final Map<String, Map<String, Summary>> modules = new HashMap<>();

    /** @param functions the top-level functions of each summarised file, by file */
    PythonProject(Map<String, Map<String, Summary>> functions) {
        Set<String> ambiguous = new HashSet<>();
        functions.forEach((file, defined) -> {
            for (String name : moduleNames(file)) {
                if (modules.containsKey(name) || ambiguous.contains(name)) {
                    modules.remove(name);
                    ambiguous.add(name);
                } else {
                    modules.put(name, defined);
                }
            }
        });
    }

    int size() {
        return modules.size();
    }

    Callees in(Tree tree) {
        if (modules.isEmpty()) {
            return Callees.NONE;
        }
        PythonImports imports = new PythonImports(tree.source);
        Set<String> plain = new HashSet<>(); // import app.helpers
        Matcher m = IMPORT.matcher(tree.source);
        while (m.find()) {
            for (String item : m.group(1).split(",")) {
                plain.add(item.strip());
            }
        }
        PythonReceivers receivers = new PythonReceivers(tree, Syntax.of(tree));
        return (call, scope) -> {
            String made = call.receiver() == null ? null : receivers.constructor(call.receiver(), scope.function);
            if (made != null) { // Repo(conn).find(q), repo.find(q): the method of a class another module defines
                return lookup(made, "." + call.name(), imports, plain);
            }
            return lookup(call.callee(), "", imports, plain);
        };
    }

    /** The summary of {@code callee} (a function, or with {@code member} a class's method) in an imported module, or null. */
    private Summary lookup(String callee, String member, PythonImports imports, Set<String> plain) {
        String head = callee.split("\\.", 2)[0];
        String qualified = imports.qualify(callee);
        int dot = qualified.lastIndexOf('.');
        if (dot < 0 || !imports.imported(head) && !plain.contains(qualified.substring(0, dot))) {
            return null; // a local object's method, not a module's function
        }
        Map<String, Summary> module = modules.get(qualified.substring(0, dot).replaceFirst("^\\.+", ""));
        return module == null ? null : module.get(qualified.substring(dot + 1) + member);
    }

    /** {@code a/b/helpers.py}: helpers, b.helpers, a.b.helpers; a package's {@code __init__.py} is the package. */
    static List<String> moduleNames(String file) {
        List<String> parts = new ArrayList<>();
        for (Path p : Path.of(file).normalize()) {
            parts.add(p.toString());
        }
        String last = parts.removeLast();
        if (!last.equals("__init__.py")) {
            parts.add(last.substring(0, last.lastIndexOf('.')));
        }
        List<String> names = new ArrayList<>();
        String name = "";
        for (int i = parts.size() - 1; i >= 0; i--) {
            name = name.isEmpty() ? parts.get(i) : parts.get(i) + "." + name;
            names.add(name);
        }
        return names;
    }

    /** The files another file imports (by any tail of their module name). */
    static Map<String, String> imported(Map<String, String> sources) {
        Map<String, List<String>> byName = new HashMap<>();
        sources.keySet().forEach(f -> moduleNames(f).forEach(n -> byName.computeIfAbsent(n, k -> new ArrayList<>()).add(f)));
        Map<String, String> out = new LinkedHashMap<>();
        sources.forEach((file, source) -> {
            Set<String> names = new HashSet<>();
            Matcher m = IMPORT.matcher(source);
            while (m.find()) {
                for (String item : m.group(1).split(",")) {
                    names.add(item.strip().split("\\s+")[0]);
                }
            }
            m = FROM.matcher(source);
            while (m.find()) {
                String module = m.group(1).replaceFirst("^\\.+", "");
                names.add(module);
                for (String item : m.group(2).split(",")) { // from app import helpers: a module too
                    names.add((module.isEmpty() ? "" : module + ".") + item.strip().split("\\s+")[0]);
                }
            }
            for (String name : names) {
                for (String other : byName.getOrDefault(name, List.of())) {
                    if (!other.equals(file)) {
                        out.putIfAbsent(other, sources.get(other));
                    }
                }
            }
        });
        return out;
    }

    /**
     * The summaries of a module's top-level functions ({@code def f}, also decorated) and of its
     * top-level classes' methods ({@code Repo.find}; {@code self} is not a parameter, so argument 0
     * of {@code repo.find(q)} is {@code q}).
     */
    static Map<String, Summary> functions(Tree tree, Map<Node, Summary> summaries) {
        Map<String, Summary> out = new HashMap<>();
        definitions(tree, tree.root(), "", summaries, out);
        return out;
    }

    private static void definitions(Tree tree, Node body, String prefix, Map<Node, Summary> summaries, Map<String, Summary> out) {
        for (Node child : Tree.named(body)) {
            Node def = Tree.is(child, "decorated_definition") ? Tree.field(child, "definition") : child;
            if (def != null && Tree.is(def, "function_definition") && summaries.containsKey(def)) {
                out.put(prefix + tree.text(Tree.field(def, "name")), summaries.get(def));
            } else if (def != null && prefix.isEmpty() && Tree.is(def, "class_definition") && Tree.field(def, "body") != null) {
                definitions(tree, Tree.field(def, "body"), tree.text(Tree.field(def, "name")) + ".", summaries, out);
            }
        }
    }
}
