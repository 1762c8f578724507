package dev.probation.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Scores the analyser on hand-labelled snippets: precision and recall per CWE and per language.
 * A finding counts as a true positive only on a vulnerable snippet labelled with that CWE; any
 * other finding of that CWE is a false positive.
 */
public final class Evaluation {

    /** One labelled snippet: a model answer, its language, the CWE it is about, and whether it is vulnerable. */
    public record Snippet(String id, String language, String cwe, boolean vulnerable, String response) {}

    /** Counts for one CWE or language. */
    public record Counts(int truePositives, int falsePositives, int falseNegatives, int snippets) {

        public double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        public double recall() {
            return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        }

        Counts plus(Counts o) {
            return new Counts(truePositives + o.truePositives, falsePositives + o.falsePositives,
                    falseNegatives + o.falseNegatives, snippets + o.snippets);
        }
    }

    /**
     * The outcome.
     *
     * @param byCwe      counts per CWE, in {@link Weakness#TITLES} order
     * @param byLanguage counts per language, over all CWEs
     * @param total      all counts
     * @param mistakes   one line per snippet the analyser got wrong
     * @param seconds    time spent scanning
     */
    public record Result(Map<String, Counts> byCwe, Map<String, Counts> byLanguage, Counts total, List<String> mistakes,
                         int snippets, double seconds) {

        public double snippetsPerSecond() {
            return snippets / seconds;
        }
    }

    private Evaluation() {}

    /** Scores the analyser. */
    public static Result run(List<Snippet> snippets, CodeScanner scanner) {
        return run(snippets, s -> scanner.scanAnswer(s.response(), Language.fromTag(s.language()), s.id()).findings().stream()
                .map(f -> new Finding(f.cwe(), f.rule(), f.file(), f.line(), f.column(), f.expression(), f.message())).toList());
    }

    /** Scores any analyser that maps a snippet to findings (only their CWEs count), such as another tool's output. */
    public static Result run(List<Snippet> snippets, java.util.function.Function<Snippet, List<Finding>> analyser) {
        Map<String, Counts> byCwe = new LinkedHashMap<>();
        Weakness.TITLES.keySet().forEach(c -> byCwe.put(c, new Counts(0, 0, 0, 0)));
        Map<String, Counts> byLanguage = new TreeMap<>();
        List<String> mistakes = new ArrayList<>();
        long start = System.nanoTime();
        for (Snippet s : snippets) {
            List<Finding> findings = analyser.apply(s);
            Set<String> found = findings.stream().map(Finding::cwe).collect(Collectors.toSet());
            Map<String, Counts> delta = new LinkedHashMap<>();
            if (s.vulnerable()) {
                delta.put(s.cwe(), found.contains(s.cwe()) ? new Counts(1, 0, 0, 1) : new Counts(0, 0, 1, 1));
            } else {
                delta.put(s.cwe(), new Counts(0, 0, 0, 1));
            }
            for (String cwe : found) {
                if (!(s.vulnerable() && cwe.equals(s.cwe()))) {
                    delta.merge(cwe, new Counts(0, 1, 0, 0), Counts::plus);
                }
            }
            delta.forEach((cwe, d) -> byCwe.merge(cwe, d, Counts::plus));
            Counts languageDelta = delta.values().stream().reduce(new Counts(0, 0, 0, 0), Counts::plus);
            byLanguage.merge(s.language(), new Counts(languageDelta.truePositives(), languageDelta.falsePositives(),
                    languageDelta.falseNegatives(), 1), Counts::plus);
            boolean missed = s.vulnerable() && !found.contains(s.cwe());
            boolean extra = findings.stream().anyMatch(f -> !(s.vulnerable() && f.cwe().equals(s.cwe())));
            if (missed || extra) {
                mistakes.add(s.id() + ": " + (missed ? "missed " + s.cwe() : "")
                        + (extra ? (missed ? "; " : "") + "false " + findings.stream()
                        .filter(f -> !(s.vulnerable() && f.cwe().equals(s.cwe())))
                        .map(f -> f.cwe() + " at line " + f.line() + " (" + f.message() + ")").collect(Collectors.joining(", ")) : ""));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        byCwe.values().removeIf(c -> c.snippets() == 0 && c.falsePositives() == 0);
        Counts total = byCwe.values().stream().reduce(new Counts(0, 0, 0, 0), Counts::plus);
        return new Result(byCwe, byLanguage, total, mistakes, snippets.size(), seconds);
    }
}
