package dev.probation.bench.juliet;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per Juliet CWE: a bad unit flagged with the test case's CWE family is a true positive, a good unit flagged with it
 * a false positive. Findings of another family (Juliet's incidental flaws, or a rule firing on the wrong thing) and
 * findings outside bad and good functions neither help nor hurt; they are counted apart.
 */
final class JulietScorecard {

    /**
     * The counts of one Juliet CWE.
     *
     * @param badUnits test cases (each has one bad flow)
     * @param goodUnits good flows (goodG2B, goodB2G, good1...)
     * @param other findings in this CWE's test case files that are of another family, or outside every unit
     */
    record Row(int cwe, int family, int files, int badUnits, int tp, int goodUnits, int fp, int other) {

        int fn() {
            return badUnits - tp;
        }

        /** TP / (TP + FP); NaN when nothing was flagged. */
        double precision() {
            return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
        }

        /** TP / bad units; NaN when there are none. */
        double recall() {
            return badUnits == 0 ? Double.NaN : (double) tp / badUnits;
        }
    }

    private final Map<Integer, Row> rows;
    private final Set<Unit> flagged;
    private final Map<Unit, String> rules;
    private final int outside;
    private final List<Unit> units;

    private JulietScorecard(Map<Integer, Row> rows, Set<Unit> flagged, Map<Unit, String> rules, int outside, List<Unit> units) {
        this.rows = rows;
        this.units = units;
        this.flagged = flagged;
        this.rules = rules;
        this.outside = outside;
    }

    static JulietScorecard score(JulietSuite suite, List<ScanFindings.Hit> hits) {
        Set<Unit> flagged = new HashSet<>();
        Map<Unit, String> rules = new HashMap<>();
        Map<Integer, Integer> other = new HashMap<>();
        int outside = 0;
        for (ScanFindings.Hit hit : hits) {
            Functions functions = suite.file(hit.file()).orElse(null);
            if (functions == null) {
                outside++; // testcasesupport, or a directory that is not scored
                continue;
            }
            int cwe = functions.file().cwe();
            Unit unit = functions.unitAt(hit.line());
            if (unit != null && Families.family(hit.cwe()) == Families.family(cwe)) {
                flagged.add(unit);
                rules.merge(unit, hit.rule(), (a, b) -> a.contains(b) ? a : a + "," + b);
            } else {
                other.merge(cwe, 1, Integer::sum);
            }
        }
        Set<Unit> units = new java.util.LinkedHashSet<>(suite.units());
        units.addAll(flagged); // a flagged good() that only dispatches becomes a unit of its own
        Map<Integer, int[]> counts = new TreeMap<>();
        for (Unit u : units) {
            int[] c = counts.computeIfAbsent(u.cwe(), k -> new int[4]);
            int base = u.side() == Unit.Side.BAD ? 0 : 2;
            c[base]++;
            if (flagged.contains(u)) {
                c[base + 1]++;
            }
        }
        Map<Integer, Integer> files = new HashMap<>();
        suite.files().values().forEach(f -> files.merge(f.file().cwe(), 1, Integer::sum));
        Map<Integer, Row> rows = new TreeMap<>();
        for (int cwe : suite.supported().keySet()) {
            int[] c = counts.getOrDefault(cwe, new int[4]);
            rows.put(cwe, new Row(cwe, Families.family(cwe), files.getOrDefault(cwe, 0), c[0], c[1], c[2], c[3],
                    other.getOrDefault(cwe, 0)));
        }
        return new JulietScorecard(rows, flagged, rules, outside, List.copyOf(units));
    }

    /** Every scored unit: the suite's, and any flagged good() dispatcher. */
    List<Unit> units() {
        return units;
    }

    Map<Integer, Row> rows() {
        return rows;
    }

    boolean flagged(Unit unit) {
        return flagged.contains(unit);
    }

    /** The rules whose findings flagged this unit, comma-separated, or "". */
    String rules(Unit unit) {
        return rules.getOrDefault(unit, "");
    }

    /** Findings in files that are not test cases of a scored directory (Juliet's testcasesupport). */
    int outside() {
        return outside;
    }

    /** Sums over the rows: bad units, TP, good units, FP. */
    Row total() {
        int[] t = new int[6];
        for (Row r : rows.values()) {
            t[0] += r.files();
            t[1] += r.badUnits();
            t[2] += r.tp();
            t[3] += r.goodUnits();
            t[4] += r.fp();
            t[5] += r.other();
        }
        return new Row(0, 0, t[0], t[1], t[2], t[3], t[4], t[5]);
    }
}
