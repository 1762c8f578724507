package dev.probation.gateway;

/**
 * The behaviour gap from paired live and shadow verdicts: the live flag rate minus the rate of the
 * same requests re-asked as observed, with a confidence sequence — an interval that holds at
 * every sample size at once, so the dashboard may be watched continuously.
 *
 * <p>Each pair gives d = live − shadow in {-1, 0, 1}; d − gap is bounded in a range of width 2,
 * hence sub-Gaussian with σ = 1 (Hoeffding). The normal-mixture boundary (Robbins; Howard et al.
 * 2021) then gives |Σd − n·gap| < sqrt((n + ρ) ln((n + ρ) / (ρ α²))) for all n with probability
 * at least 1 − α.
 *
 * @param n        pairs
 * @param live     live flag rate
 * @param shadow   shadow (observed) flag rate
 * @param gap      live − shadow
 * @param low      lower end of the confidence sequence (at least −1)
 * @param high     upper end (at most 1)
 */
record GapEstimate(long n, double live, double shadow, double gap, double low, double high) {

    /**
     * The mixture's spread: 30 makes the interval tight from a few dozen pairs on and costs under 5%
     * of its width at a thousand (against 100).
     */
    private static final double RHO = 30;

    static GapEstimate of(long n, long liveFlagged, long shadowFlagged, double alpha) {
        if (n == 0) {
            return new GapEstimate(0, 0, 0, 0, -1, 1);
        }
        double live = (double) liveFlagged / n;
        double shadow = (double) shadowFlagged / n;
        double gap = live - shadow;
        double radius = Math.sqrt((n + RHO) * Math.log((n + RHO) / (RHO * alpha * alpha))) / n;
        return new GapEstimate(n, live, shadow, gap, Math.max(-1, gap - radius), Math.min(1, gap + radius));
    }

    /** Whether the interval excludes no gap. */
    boolean significant() {
        return low > 0 || high < 0;
    }
}
