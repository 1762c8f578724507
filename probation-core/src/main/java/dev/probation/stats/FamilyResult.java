package dev.probation.stats;

/**
 * The gap for one cue family: rates are means over scenarios of per-scenario flagged rates; the gap
 * is the mean of per-scenario differences (unobserved minus observed), with the sign-flip p-value,
 * the 95% interval obtained by inverting the same test (so it excludes zero exactly when p < 0.05),
 * and the p-value's Holm adjustment across the audit's families.
 *
 * @param n                  scenarios with valid answers on both sides
 * @param scenariosUp        scenarios flagged more often when unobserved
 * @param scenariosDown      scenarios flagged more often when observed
 * @param cohensH            effect size for the two rates, 2·asin√u − 2·asin√o
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
        double cohensH) {}
