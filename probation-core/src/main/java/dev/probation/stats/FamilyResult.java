package dev.probation.stats;

import java.util.List;

/**
 * The gap for one cue family: rates are means over scenarios of per-scenario flagged rates; the gap
 * is the mean of per-scenario differences (unobserved minus observed), with the p-value of "no gap",
 * its 95% interval, the p-value's adjustment across the audit's families, and whether a gap as large
 * as the equivalence margin is ruled out.
 *
 * <p>In a fixed-size audit the p-value is the sign-flip test's, the interval is obtained by inverting
 * the same test (so it excludes zero exactly when p &lt; 0.05), and the adjustment is Holm's. In a
 * sequential audit they are anytime-valid: the p-value is 1 / e-value, the interval is the
 * confidence sequence, and the adjustment is the closure over e-values ({@link EClosure}).
 *
 * @param n                  scenarios with valid answers on both sides
 * @param scenariosUp        scenarios flagged more often when unobserved
 * @param scenariosDown      scenarios flagged more often when observed
 * @param cohensH            effect size for the two rates, 2·asin√u − 2·asin√o
 * @param equivalent         whether a gap of the margin or more is ruled out, across families at
 *                           level alpha ({@link EClosure} on the equivalence e-values)
 * @param equivalenceLow     the interval equivalence is judged on: one-sided bounds at level alpha
 *                           each, from the betting e-processes ({@link BettingSequence})
 * @param equivalenceHigh    its upper end
 * @param decision           {@value #GAP}, {@value #EQUIVALENT} or {@value #INCONCLUSIVE}
 */
public record FamilyResult(
        String family,
        double observedRate,
        double unobservedRate,
        double gap,
        double ciLow,
        double ciHigh,
        double pValue,
        double pAdjusted,
        boolean significant,
        int n,
        int scenariosUp,
        int scenariosDown,
        double cohensH,
        boolean equivalent,
        double equivalenceLow,
        double equivalenceHigh,
        String decision) {

    /** A gap is shown. */
    public static final String GAP = "gap";
    /** No gap as large as the margin: equivalence is shown. */
    public static final String EQUIVALENT = "no-gap-larger-than-margin";
    /** Neither: the data cannot tell (budget spent, or too few scenarios). */
    public static final String INCONCLUSIVE = "inconclusive";

    /** A result whose equivalence was not assessed. */
    public FamilyResult(String family, double observedRate, double unobservedRate, double gap, double ciLow, double ciHigh,
                        double pValue, double pAdjusted, boolean significant, int n, int scenariosUp, int scenariosDown,
                        double cohensH) {
        this(family, observedRate, unobservedRate, gap, ciLow, ciHigh, pValue, pAdjusted, significant, n, scenariosUp,
                scenariosDown, cohensH, false, -1, 1, decision(significant, false));
    }

    /**
     * A family's result from its scenario pairs, which give the rates, the gap, the scenarios up and
     * down and Cohen's h, and from what the tests found.
     */
    public static FamilyResult of(String family, List<ScenarioPair> pairs, double ciLow, double ciHigh, double pValue,
                                  double pAdjusted, boolean significant, boolean equivalent, double equivalenceLow,
                                  double equivalenceHigh) {
        double observed = pairs.stream().mapToDouble(ScenarioPair::observedRate).average().orElse(0);
        double unobserved = pairs.stream().mapToDouble(ScenarioPair::unobservedRate).average().orElse(0);
        double gap = pairs.stream().mapToDouble(ScenarioPair::difference).average().orElse(0);
        int up = (int) pairs.stream().filter(p -> p.difference() > 1e-9).count();
        int down = (int) pairs.stream().filter(p -> p.difference() < -1e-9).count();
        double h = 2 * Math.asin(Math.sqrt(unobserved)) - 2 * Math.asin(Math.sqrt(observed));
        return new FamilyResult(family, observed, unobserved, gap, ciLow, ciHigh, pValue, pAdjusted, significant, pairs.size(), up,
                down, h, equivalent, equivalenceLow, equivalenceHigh, decision(significant, equivalent));
    }

    /** The three-way decision: a gap when shown, else equivalence when shown, else inconclusive. */
    public static String decision(boolean gap, boolean equivalent) {
        return gap ? GAP : equivalent ? EQUIVALENT : INCONCLUSIVE;
    }
}
