package dev.probation.scan;

import dev.probation.scan.JavaClasses.ClassInfo;
import dev.probation.scan.JavaClasses.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summaries of a project's Java helper files, computed in rounds until they stop changing: a
 * round analyses a file with what the previous round knew of the others, so a chain of helpers n
 * files deep ({@code a} calls {@code b} calls ... the sink) needs n rounds. After the first two, a
 * round analyses only the files that name a class whose summaries changed (or one of its
 * supertypes, for calls through an interface). At most {@link #MAX_ROUNDS}.
 */
final class JavaRounds {

    static final int MAX_ROUNDS = 6;
    private static final Pattern TYPE_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9_$]*+");

    private JavaRounds() {}

    static JavaProject settle(Map<String, String> sources, ThreatModel threat, ParsedTrees trees) {
        Map<String, List<ClassInfo>> byFile = new ConcurrentHashMap<>();
        Map<String, Set<String>> names = new ConcurrentHashMap<>();
        sources.entrySet().parallelStream().forEach(e -> names.put(e.getKey(), typeNames(e.getValue())));
        Set<String> todo = sources.keySet();
        JavaProject known = JavaProject.EMPTY;
        for (int round = 0; round < MAX_ROUNDS && !todo.isEmpty(); round++) {
            JavaProject current = known;
            Set<String> changed = ConcurrentHashMap.newKeySet();
            todo.parallelStream().forEach(file -> {
                List<ClassInfo> classes = Project.summarise(file, sources.get(file), current, threat, trees);
                List<ClassInfo> before = byFile.put(file, classes);
                if (before == null || !fingerprint(before).equals(fingerprint(classes))) {
                    classes.forEach(c -> {
                        changed.add(c.simple());
                        c.supertypes().forEach(t -> changed.add(t.substring(t.lastIndexOf('.') + 1)));
                    });
                }
            });
            known = new JavaProject(byFile.values().stream().flatMap(List::stream).toList());
            Set<String> next = new HashSet<>();
            for (String file : sources.keySet()) {
                if (round == 0 || names.get(file).stream().anyMatch(changed::contains)) {
                    next.add(file);
                }
            }
            todo = changed.isEmpty() ? Set.of() : next;
        }
        return known;
    }

    private static Set<String> typeNames(String source) {
        Set<String> out = new HashSet<>();
        Matcher m = TYPE_NAME.matcher(source);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** What other files see of the classes: each method's summary, as text. */
    private static String fingerprint(List<ClassInfo> classes) {
        StringBuilder out = new StringBuilder();
        for (ClassInfo c : classes) {
            out.append(c.fqn()).append('{');
            for (List<Method> overloads : new java.util.TreeMap<>(c.methods()).values()) {
                for (Method m : overloads) {
                    out.append(m.name()).append('/').append(m.arity()).append('=')
                            .append(m.summary() == null ? "-" : m.summary().fingerprint()).append(';');
                }
            }
            out.append('}');
        }
        return out.toString();
    }
}
