package dev.probation.scan;

import dev.probation.scan.Syntax.Param;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who calls each Python function and method of the scanned project, and whether they pass constants
 * ({@link PythonArguments}): the Python side of {@link JavaCallers}. A sink reached only by a parameter
 * stays quiet when the project has a call of the function and every call passes a constant there.
 * Calls are matched by the function's name whatever the receiver or module ({@code run(..)},
 * {@code h.run(..)}, {@code obj.run(..)}, {@code subprocess.run(..)}): a call of another function of
 * that name only adds a caller to prove. The callers are unknown, and the finding stays, when the name
 * is used other than by being called ({@code Thread(target=run)}, {@code @app.route} decorators, an
 * import under another name), when a call passes {@code *args} or {@code **kwargs}, when a file that
 * mentions the name does not parse cleanly, for nested functions, decorated ones and dunder methods
 * (Python calls those itself). Files are parsed here only when a question names them, once each.
 * Unsound: code outside the scanned folder (a library's users, {@code getattr}, {@code globals()[..]},
 * names built at run time) may call the function too. Shared by all threads.
 */
final class PythonCallers {

    static final PythonCallers EMPTY = new PythonCallers(Map.of(), new ParsedTrees(0));

    private static final Pattern DEF = Pattern.compile("(?m)^[ \\t]*+(?:async[ \\t]++)?def[ \\t]++(\\w++)");
    /** A whole word that may be a name: what {@code \\bname\\b} would find. */
    private static final Pattern WORD = Pattern.compile("(?<!\\w)[A-Za-z_]\\w*+");

    /** One use of a function's name: a call (whether each argument is a constant), or a use we cannot follow. */
    private record Use(boolean unknown, List<Boolean> args, Map<String, Boolean> keywords) {
        static final Use UNKNOWN = new Use(true, List.of(), Map.of());
    }

    private final Map<String, String> sources;
    private volatile Set<String> defined;
    /** The files that mention each defined name as a word, read once for all questions. */
    private volatile Map<String, List<String>> mentions;
    /** By file, the uses of each function name defined in the project; null for a file that did not parse cleanly. */
    private final Map<String, Map<String, List<Use>>> uses = new ConcurrentHashMap<>();
    private static final Map<String, List<Use>> UNREADABLE = Map.of();

    /** The project's parsed trees: a file the project pass parsed is not parsed again to read its calls. */
    private final ParsedTrees trees;

    private PythonCallers(Map<String, String> sources, ParsedTrees trees) {
        this.sources = sources;
        this.trees = trees;
    }

    /** The Python sources of a scan; EMPTY for fewer than two files (a lone snippet keeps its findings). */
    static PythonCallers of(Map<String, String> sources, ParsedTrees trees) {
        return sources.size() < 2 ? EMPTY : new PythonCallers(sources, trees);
    }

    /** The calls of one file, with the question of constant callers answered for its functions. */
    Callees in(Callees calls, Tree tree) {
        if (this == EMPTY) {
            return calls;
        }
        Syntax syntax = Syntax.of(tree);
        Map<String, Boolean> answers = new HashMap<>();
        return new Callees() {
            @Override
            public Summary summary(Syntax.Call call, Flow.Scope scope) {
                return calls.summary(call, scope);
            }

            @Override
            public boolean onlyConstants(Node function, int index) {
                return answers.computeIfAbsent(function.getStartByte() + "#" + index, k -> constantCallers(tree, syntax, function, index));
            }
        };
    }

    /** Whether the function has a known call in the project and every call passes a constant as parameter {@code index}. */
    private boolean constantCallers(Tree tree, Syntax syntax, Node function, int index) {
        String name = syntax.functionName(function);
        List<Param> params = syntax.parameters(function);
        if (!Tree.is(function, "function_definition") || !topLevel(tree, function) || name.startsWith("__") && name.endsWith("__")
                || index >= params.size()) {
            return false;
        }
        Node param = params.get(index).node();
        Node declared = Tree.is(param.getParent(), "default_parameter", "typed_default_parameter", "typed_parameter") ? param.getParent() : param;
        if (Tree.is(declared, "list_splat_pattern", "dictionary_splat_pattern") || Tree.is(declared.getParent(), "list_splat_pattern", "dictionary_splat_pattern")) {
            return false;
        }
        boolean positional = positional(declared);
        Node fallback = Tree.is(declared, "default_parameter", "typed_default_parameter") ? Tree.field(declared, "value") : null;
        boolean constantDefault = fallback != null && new PythonArguments(tree, syntax).constant(fallback);
        int calls = 0;
        for (String file : mentions().getOrDefault(name, List.of())) {
            Map<String, List<Use>> index2 = uses.computeIfAbsent(file, f -> read(f, sources.get(f)));
            if (index2 == UNREADABLE) {
                return false;
            }
            for (Use use : index2.getOrDefault(name, List.of())) {
                Boolean constant = use.unknown() ? Boolean.FALSE : use.keywords().get(params.get(index).name());
                if (constant == null) {
                    constant = positional && index < use.args().size() ? use.args().get(index) : constantDefault;
                }
                if (!constant) {
                    return false;
                }
                calls++;
            }
        }
        return calls > 0;
    }

    /** A module's function, or a method of a module's class; plain or {@code @staticmethod}/{@code @classmethod}. */
    private static boolean topLevel(Tree tree, Node function) {
        Node at = function.getParent();
        if (Tree.is(at, "decorated_definition")) {
            for (Node d : Tree.named(at)) {
                if (Tree.is(d, "decorator") && !tree.text(d).matches("@(?:staticmethod|classmethod)\\s*")) {
                    return false; // a framework may call it
                }
            }
            at = at.getParent();
        }
        if (at == tree.root()) {
            return true;
        }
        Node type = Tree.is(at, "block") ? at.getParent() : null;
        return Tree.is(type, "class_definition") && type.getParent() == tree.root();
    }

    /** Whether the parameter may be passed by position (nothing before it is {@code *}, {@code *args} or {@code **kw}). */
    private static boolean positional(Node declared) {
        Node list = declared.getParent();
        for (Node p : Tree.named(list)) {
            if (p == declared) {
                return true;
            }
            if (Tree.is(p, "list_splat_pattern", "dictionary_splat_pattern", "keyword_separator")) {
                return false;
            }
        }
        return true;
    }

    /** The uses of the project's function names in one file, or UNREADABLE. */
    private Map<String, List<Use>> read(String file, String source) {
        try {
            Tree tree = trees.peek(file, source, Language.PYTHON);
            if (tree.firstErrorLine() > 0 || tree.droppedLine() > 0 || tree.deepLine() > 0) {
                return UNREADABLE;
            }
            Map<String, List<Use>> out = new HashMap<>();
            collect(tree, tree.root(), names(), new PythonArguments(tree, Syntax.of(tree)), out);
            return out;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError failed) {
            return UNREADABLE;
        }
    }

    private Set<String> names() {
        Set<String> names = defined;
        if (names == null) {
            Set<String> found = new java.util.HashSet<>();
            for (String source : sources.values()) {
                Matcher m = DEF.matcher(source);
                while (m.find()) {
                    found.add(m.group(1));
                }
            }
            defined = names = Set.copyOf(found);
        }
        return names;
    }

    private Map<String, List<String>> mentions() {
        Map<String, List<String>> found = mentions;
        if (found == null) {
            synchronized (this) {
                if (mentions == null) {
                    Set<String> names = names();
                    Map<String, List<String>> byName = new HashMap<>();
                    sources.forEach((file, source) -> {
                        Set<String> seen = new java.util.HashSet<>();
                        Matcher m = WORD.matcher(source);
                        while (m.find()) {
                            String word = m.group();
                            if (names.contains(word) && seen.add(word)) {
                                byName.computeIfAbsent(word, k -> new ArrayList<>()).add(file);
                            }
                        }
                    });
                    mentions = byName;
                }
                found = mentions;
            }
        }
        return found;
    }

    private static void collect(Tree tree, Node node, Set<String> names, PythonArguments arguments, Map<String, List<Use>> out) {
        for (Node child : Tree.named(node)) {
            if (Tree.is(child, "identifier") && names.contains(tree.text(child))) {
                Use use = use(tree, child, arguments);
                if (use != null) {
                    out.computeIfAbsent(tree.text(child), k -> new ArrayList<>()).add(use);
                }
            }
            collect(tree, child, names, arguments, out);
        }
    }

    /** How the name is used: a call, unknown, or null where it does not matter (its definition, an import of it, a keyword). */
    private static Use use(Tree tree, Node identifier, PythonArguments arguments) {
        Node parent = identifier.getParent();
        if (Tree.is(parent, "function_definition", "class_definition", "keyword_argument") && Tree.field(parent, "name") == identifier
                || Tree.is(parent, "dotted_name") && !Tree.is(parent.getParent(), "aliased_import")) {
            return null; // def run, f(run=1), from m import run, import run
        }
        Node called = Tree.is(parent, "attribute") && Tree.field(parent, "attribute") == identifier ? parent : identifier;
        Node call = called.getParent();
        if (!Tree.is(call, "call") || Tree.field(call, "function") != called) {
            return Use.UNKNOWN; // passed as a value, decorated with, imported as another name
        }
        Node list = Tree.field(call, "arguments");
        List<Boolean> args = new ArrayList<>();
        Map<String, Boolean> keywords = new HashMap<>();
        for (Node arg : list == null ? List.<Node>of() : Tree.named(list)) {
            if (Tree.is(arg, "list_splat", "dictionary_splat") || Tree.is(list, "generator_expression")) {
                return Use.UNKNOWN;
            } else if (Tree.is(arg, "keyword_argument")) {
                keywords.put(tree.text(Tree.field(arg, "name")), arguments.constant(Tree.field(arg, "value")));
            } else if (!Tree.is(arg, "comment")) {
                args.add(arguments.constant(arg));
            }
        }
        return new Use(false, args, keywords);
    }
}
