package dev.probation.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JavaScript and TypeScript modules of the scanned project that another file imports by a
 * relative path, with the summaries of their top-level functions ({@code function f}, {@code const f
 * = (..) => ..}, {@code exports.f = function ..}). A call is resolved through the calling file's
 * {@code require('./helpers')} and ES imports: {@code h.f(x)} after {@code const h = require(..)} or
 * {@code import * as h from ..}, {@code f(x)} after {@code const { f } = require(..)} or
 * {@code import { f as g } from ..}. Package imports ({@code require('express')}) are not project
 * files. Immutable and shared by all threads.
 */
final class JsProject {

    static final JsProject EMPTY = new JsProject(Map.of());

    private static final String SPEC = "\\(?\\s*['\"](\\.{1,2}/[^'\"]+)['\"]";
    private static final Pattern NAMESPACE = Pattern.compile(
            "(?:(?:const|let|var)\\s+(\\w+)\\s*=\\s*require" + SPEC + ")|(?:import\\s+(?:\\*\\s+as\\s+)?(\\w+)\\s+from\\s*" + SPEC + ")");
    private static final Pattern MEMBERS = Pattern.compile(
            "(?:(?:const|let|var)\\s*\\{([^}]*)\\}\\s*=\\s*require" + SPEC + ")|(?:import\\s+(?:\\w+\\s*,\\s*)?\\{([^}]*)\\}\\s*from\\s*" + SPEC + ")");
    private static final List<String> EXTENSIONS = List.of("", ".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx", ".mts", ".cts",
            "/index.js", "/index.ts");

    /** Functions by the normalised path of their file. */
    private final Map<String, Map<String, Summary>> modules;

    JsProject(Map<String, Map<String, Summary>> modules) {
        this.modules = Map.copyOf(modules);
    }

    /** A call's module and function name, from the calling file's imports. */
    private record Imported(String module, String function) {}

    Callees in(Tree tree, String file) {
        if (modules.isEmpty()) {
            return Callees.NONE;
        }
        Map<String, String> namespaces = new HashMap<>();
        Map<String, Imported> members = new HashMap<>();
        Map<String, String> known = new HashMap<>();
        imports(tree.source, file, known, (alias, module) -> namespaces.put(alias, module), (local, target) -> members.put(local, target));
        return (call, scope) -> {
            Imported target;
            if (call.receiver() == null) {
                target = members.get(call.name());
            } else {
                String module = namespaces.get(scope.text(call.receiver()));
                target = module == null ? null : new Imported(module, call.name());
            }
            Map<String, Summary> functions = target == null ? null : modules.get(target.module());
            return functions == null ? null : functions.get(target.function());
        };
    }

    /** Reads the relative imports of a file: namespaces ({@code h}) and imported functions ({@code f}, {@code g} for {@code f as g}). */
    private static void imports(String source, String file, Map<String, String> resolved, BiConsumer<String, String> namespace,
            BiConsumer<String, Imported> member) {
        Matcher m = NAMESPACE.matcher(source);
        while (m.find()) {
            String alias = m.group(1) != null ? m.group(1) : m.group(3);
            String module = resolve(file, m.group(1) != null ? m.group(2) : m.group(4), resolved);
            if (module != null) {
                namespace.accept(alias, module);
            }
        }
        m = MEMBERS.matcher(source);
        while (m.find()) {
            String list = m.group(1) != null ? m.group(1) : m.group(3);
            String module = resolve(file, m.group(1) != null ? m.group(2) : m.group(4), resolved);
            if (module == null) {
                continue;
            }
            for (String item : list.split(",")) { // { f, g: h } or { f, g as h }
                String[] parts = item.strip().split("\\s*(?::|\\bas\\b)\\s*");
                if (!parts[0].isBlank()) {
                    member.accept((parts.length == 2 ? parts[1] : parts[0]).strip(), new Imported(module, parts[0].strip()));
                }
            }
        }
    }

    /** The project file a relative specifier names, tried with the usual extensions; null when none exists. */
    private static String resolve(String file, String spec, Map<String, String> cache) {
        Path dir = Path.of(file).toAbsolutePath().getParent();
        if (dir == null) {
            return null;
        }
        return cache.computeIfAbsent(dir + "|" + spec, k -> {
            for (String ext : EXTENSIONS) {
                Path candidate = dir.resolve(spec + ext).normalize();
                if (Files.isRegularFile(candidate)) {
                    return candidate.toString();
                }
            }
            return null;
        });
    }

    /** The files that another file imports by a relative path, keyed by their normalised path. */
    static Map<String, String> imported(Map<String, String> sources) {
        Map<String, String> byPath = new HashMap<>();
        sources.forEach((f, s) -> byPath.put(Path.of(f).toAbsolutePath().normalize().toString(), f));
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> cache = new HashMap<>();
        sources.forEach((file, source) -> imports(source, file, cache,
                (alias, module) -> add(module, byPath, sources, out), (local, target) -> add(target.module(), byPath, sources, out)));
        return out;
    }

    private static void add(String module, Map<String, String> byPath, Map<String, String> sources, Map<String, String> out) {
        String file = byPath.get(module);
        if (file != null) {
            out.putIfAbsent(module, sources.get(file));
        }
    }

    /** The summaries of a module's top-level functions, by name. */
    static Map<String, Summary> functions(Tree tree, Syntax syntax, Map<Node, Summary> summaries) {
        Map<String, Summary> out = new HashMap<>();
        summaries.forEach((function, summary) -> {
            if (syntax.enclosing(function) != tree.root() || syntax.isMethod(function)) {
                return;
            }
            String name = syntax.functionName(function);
            Node parent = function.getParent();
            if (name.isEmpty() && Tree.is(parent, "assignment_expression")) { // exports.f = function (..) {..}
                name = Rules.lastSegment(tree.text(Tree.field(parent, "left")));
            }
            if (!name.isEmpty()) {
                out.put(name, summary);
            }
        });
        return out;
    }
}
