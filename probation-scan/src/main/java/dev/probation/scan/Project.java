package dev.probation.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of one scan, read once before it so that a call into another file is followed: which
 * classes they declare and what each method does with its arguments (returns a constant, returns
 * request data, passes an argument through, sends a parameter to a sink). Java classes and Python modules
 * ({@link JavaProject}, {@link PythonProject}); JavaScript and TypeScript
 * modules imported by a relative path ({@link JsProject}). Only the Java
 * files whose class another file names (and their subclasses) and the Python and JavaScript modules another
 * file imports are summarised: Python and JavaScript twice, so that a helper calling a helper in a third file is followed
 * too, Java until the summaries stop changing ({@link JavaRounds}), so that a chain of helpers five files deep is. Immutable; built by {@link CodeScanner#project(List)}.
 */
public final class Project {

    /** No other files: each file is analysed on its own. */
    public static final Project NONE = new Project(JavaProject.EMPTY, PythonProject.EMPTY, JsProject.EMPTY, JavaCallers.EMPTY, PythonCallers.EMPTY,
            0, new ParsedTrees(0));

    /** What a class extends and implements: {@code extends Base implements Shaper, Named<T> {}}. */
    private static final Pattern SUPERTYPES = Pattern.compile("\\b(?:extends|implements)\\s++([^{;]*+)\\{");
    private static final Pattern TYPE_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9_$]*+");

    final JavaProject java;
    final PythonProject python;
    final JsProject js;
    /** Who calls each Java method, and with what: a parameter only constants reach is not reported inside. */
    private final JavaCallers callers;
    /** Who calls each Python function, read only when a sink reached by a parameter asks. */
    private final PythonCallers pythonCallers;
    private final int files;
    /** The trees parsed here, for the scan of the same files. */
    private final ParsedTrees trees;

    private Project(JavaProject java, PythonProject python, JsProject js, JavaCallers callers, PythonCallers pythonCallers, int files,
            ParsedTrees trees) {
        this.trees = trees;
        this.java = java;
        this.callers = callers;
        this.pythonCallers = pythonCallers;
        this.python = python;
        this.js = js;
        this.files = files;
    }

    /** The tree of a file to scan: the one parsed here when the file was read with the same text, else parsed now. */
    Tree tree(String file, String source, Language language) {
        return trees.take(file, source, language);
    }

    /** The calls of one file (named as scanned) into the others. */
    Callees in(Tree tree, String file) {
        return switch (tree.language()) {
            case JAVA -> callers == JavaCallers.EMPTY ? java.in(tree) : withCallers(java.in(tree));
            case PYTHON -> pythonCallers.in(python.in(tree), tree);
            case JAVASCRIPT, TYPESCRIPT -> js.in(tree, file);
        };
    }

    private Callees withCallers(Callees calls) {
        return new Callees() {
            @Override
            public Summary summary(dev.probation.scan.Syntax.Call call, Flow.Scope scope) {
                return calls.summary(call, scope);
            }

            @Override
            public boolean onlyConstants(String type, String method, int arity, int index) {
                return callers.onlyConstants(type, method, arity, index);
            }
        };
    }

    /** How many files were summarised (those whose class another scanned file names). */
    public int summarisedFiles() {
        return files;
    }

    /** How many classes, interfaces, enums and records (nested ones included) the summarised files declare. */
    public int classes() {
        return java.size();
    }

    /**
     * Reads the Java and Python files among {@code paths}; a file that cannot be read is left out here (the scan reports it).
     * {@code threat}: the sources the summaries count (under local, a helper that reads a file returns untrusted data).
     */
    static Project of(List<Path> paths, long maxBytes, ThreatModel threat) {
        Map<String, String> java = read(paths, Language.JAVA, maxBytes);
        Map<String, String> python = read(paths, Language.PYTHON, maxBytes);
        Map<String, String> helpers = referenced(java);
        Map<String, String> modules = PythonProject.imported(python);
        Map<String, String> scripts = read(paths, Language.JAVASCRIPT, maxBytes);
        scripts.putAll(read(paths, Language.TYPESCRIPT, maxBytes));
        Map<String, String> jsModules = JsProject.imported(scripts);
        JavaCallers callers = JavaCallers.of(java);
        ParsedTrees trees = ParsedTrees.forHeap();
        PythonCallers pythonCallers = PythonCallers.of(python, trees);
        if (helpers.isEmpty() && modules.isEmpty() && jsModules.isEmpty() && callers == JavaCallers.EMPTY && pythonCallers == PythonCallers.EMPTY) {
            return NONE;
        }
        PythonProject firstModules = new PythonProject(functions(modules, PythonProject.EMPTY, threat, trees));
        JsProject firstScripts = new JsProject(scripts(jsModules, JsProject.EMPTY, threat, trees));
        return new Project(JavaRounds.settle(helpers, threat, trees), new PythonProject(functions(modules, firstModules, threat, trees)),
                new JsProject(scripts(jsModules, firstScripts, threat, trees)), callers, pythonCallers, helpers.size() + modules.size() + jsModules.size(),
                trees);
    }

    /** Analyses each JavaScript or TypeScript module with what is known so far and keeps its top-level functions' summaries. */
    private static Map<String, Map<String, Summary>> scripts(Map<String, String> sources, JsProject known, ThreatModel threat, ParsedTrees trees) {
        Map<String, Map<String, Summary>> out = new java.util.concurrent.ConcurrentHashMap<>();
        sources.entrySet().parallelStream().forEach(e -> {
            try {
                Language language = Language.fromFileName(Path.of(e.getKey())).orElse(Language.JAVASCRIPT);
                Tree tree = trees.parse(e.getKey(), e.getValue(), language);
                Flow flow = new Flow(tree, e.getKey(), 0, ScanModels.builtIn(), known.in(tree, e.getKey()), threat);
                flow.run();
                named(flow, e.getKey());
                out.put(e.getKey(), JsProject.functions(tree, flow.syntax, flow.summaries()));
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError failed) {
                // the scan of the file says what went wrong
            }
        });
        return out;
    }

    private static Map<String, String> read(List<Path> paths, Language language, long maxBytes) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Path path : paths) {
            if (Language.fromFileName(path).equals(Optional.of(language)) && !CodeScanner.isDocument(path)) {
                try {
                    InputFile.Read read = InputFile.read(path, maxBytes);
                    if (read.refusal() == null) {
                        sources.put(path.toString(), new String(read.bytes(), StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // scanned later, and reported then
                }
            }
        }
        return sources;
    }

    /**
     * The files whose top-level class (named like the file) another file names, and the files that
     * extend or implement one of those (an interface's implementations are seldom named).
     */
    private static Map<String, String> referenced(Map<String, String> sources) {
        Map<String, List<String>> byStem = new HashMap<>();
        for (String file : sources.keySet()) {
            byStem.computeIfAbsent(stem(file), k -> new ArrayList<>()).add(file);
        }
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Set<String>> supertypes = new HashMap<>();
        sources.forEach((file, source) -> {
            Matcher m = TYPE_NAME.matcher(source);
            while (m.find()) {
                for (String other : byStem.getOrDefault(m.group(), List.of())) {
                    if (!other.equals(file)) {
                        out.putIfAbsent(other, sources.get(other));
                    }
                }
            }
            Matcher header = SUPERTYPES.matcher(source);
            while (header.find()) {
                Matcher names = TYPE_NAME.matcher(header.group(1));
                while (names.find()) {
                    supertypes.computeIfAbsent(file, k -> new HashSet<>()).add(names.group());
                }
            }
        });
        for (boolean grown = true; grown; ) {
            grown = false;
            Set<String> stems = new HashSet<>();
            out.keySet().forEach(f -> stems.add(stem(f)));
            for (Map.Entry<String, Set<String>> e : supertypes.entrySet()) {
                if (!out.containsKey(e.getKey()) && e.getValue().stream().anyMatch(stems::contains)) {
                    out.put(e.getKey(), sources.get(e.getKey()));
                    grown = true;
                }
            }
        }
        return out;
    }

    private static String stem(String file) {
        String name = Path.of(file).getFileName().toString();
        return name.substring(0, name.length() - ".java".length());
    }

    /** Analyses each Python module with what is known so far and keeps its top-level functions' summaries. */
    private static Map<String, Map<String, Summary>> functions(Map<String, String> sources, PythonProject known, ThreatModel threat, ParsedTrees trees) {
        Map<String, Map<String, Summary>> out = new java.util.concurrent.ConcurrentHashMap<>();
        sources.entrySet().parallelStream().forEach(e -> {
            try {
                Tree tree = trees.parse(e.getKey(), e.getValue(), Language.PYTHON);
                Flow flow = new Flow(tree, e.getKey(), 0, ScanModels.builtIn(), known.in(tree), threat);
                flow.run();
                named(flow, e.getKey());
                out.put(e.getKey(), PythonProject.functions(tree, flow.summaries()));
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError failed) {
                // the scan of the file says what went wrong
            }
        });
        return out;
    }

    /** A caller's finding names the file of the sink. */
    private static void named(Flow flow, String file) {
        String name = Path.of(file).getFileName().toString();
        for (Summary summary : flow.summaries().values()) {
            summary.paramSinks.replaceAll((i, sinks) -> sinks.stream().map(p -> new Summary.ParamSink(p.sink(), p.cwe(),
                    p.rule(), p.where() + " in " + name, p.line())).toList());
            summary.fieldSinks.replaceAll(f -> new JavaFields.FieldSink(f.field(), new Summary.ParamSink(f.sink().sink(), f.sink().cwe(),
                    f.sink().rule(), f.sink().where() + " in " + name, f.sink().line()), f.composed()));
        }
    }

    /** Analyses one file with what is known so far and keeps its classes, without their syntax trees. */
    static List<JavaClasses.ClassInfo> summarise(String file, String source, JavaProject known, ThreatModel threat, ParsedTrees trees) {
        try {
            Tree tree = trees.parse(file, source, Language.JAVA);
            Flow flow = new Flow(tree, file, 0, ScanModels.builtIn(), known.in(tree), threat);
            flow.run();
            named(flow, file);
            return JavaClasses.of(tree, flow.summaries()::get);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError failed) {
            return List.of(); // the scan of the file says what went wrong
        }
    }
}
