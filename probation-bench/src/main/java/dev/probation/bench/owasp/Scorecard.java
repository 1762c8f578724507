package dev.probation.bench.owasp;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Benchmark's official metric for one tool: per category, TPR - FPR (Youden's index), where a test case
 * counts as flagged when the tool reported the category's CWE in that test case's file.
 */
public final class Scorecard {

    /** Confusion counts of one category. */
    public record Row(Category category, int tp, int fn, int fp, int tn) {

        /** Flagged real vulnerabilities / real vulnerabilities (0 when there are none). */
        public double tpr() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        /** Flagged non-vulnerabilities / non-vulnerabilities (0 when there are none). */
        public double fpr() {
            return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
        }

        public double score() {
            return tpr() - fpr();
        }
    }

    private final Map<Category, Row> rows;

    private Scorecard(Map<Category, Row> rows) {
        this.rows = rows;
    }

    public static Scorecard score(List<TestCase> cases, Findings findings) {
        Map<Category, int[]> counts = new EnumMap<>(Category.class);
        for (TestCase test : cases) {
            int[] c = counts.computeIfAbsent(test.category(), k -> new int[4]);
            boolean flagged = findings.cwes(test.name()).contains(test.category().cwe());
            int index = test.real() ? (flagged ? 0 : 1) : (flagged ? 2 : 3);
            c[index]++;
        }
        Map<Category, Row> rows = new EnumMap<>(Category.class);
        counts.forEach((category, c) -> rows.put(category, new Row(category, c[0], c[1], c[2], c[3])));
        return new Scorecard(rows);
    }

    /** The row of a category; all zeros when no test case has it. */
    public Row row(Category category) {
        return rows.getOrDefault(category, new Row(category, 0, 0, 0, 0));
    }

    /** The unweighted mean of the categories' scores, as the Benchmark averages them. */
    public double average(Set<Category> categories) {
        return categories.stream().mapToDouble(c -> row(c).score()).average().orElse(0);
    }

    /** The same unweighted mean of TPR or FPR, for the table's last rows. */
    public double averageTpr(Set<Category> categories) {
        return categories.stream().mapToDouble(c -> row(c).tpr()).average().orElse(0);
    }

    public double averageFpr(Set<Category> categories) {
        return categories.stream().mapToDouble(c -> row(c).fpr()).average().orElse(0);
    }
}
