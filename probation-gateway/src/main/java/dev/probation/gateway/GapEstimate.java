package dev.probation.gateway;

import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.rootfinder.BrentSolver;
import java.util.function.DoubleUnaryOperator;

/**
 * The behaviour gap from paired live and shadow verdicts: the live flag rate minus the rate of the
 * same requests re-asked as observed, with a confidence sequence — an interval that holds at
 * every sample size at once, so the dashboard may be watched continuously.
 *
 * <p>Only discordant pairs move the gap (McNemar): with q the share of pairs whose two verdicts
 * differ and p the share of those where live alone is flagged, gap = q (2p − 1). Each of q and p gets
 * a confidence sequence from the conjugate beta-binomial mixture (Robbins; Howard et al. 2021), at
 * α/2 each, and the gap's interval is the range of q (2p − 1) over both. The mixture needs only the
 * counts, not the order of the pairs, so the store's totals suffice; and since most pairs of a model
 * that behaves alike on both sides are concordant, the interval is far narrower than a bound that
 * treats every pair as able to move the gap by 2.
 *
 * @param n        pairs
 * @param live     live flag rate
 * @param shadow   shadow (observed) flag rate
 * @param gap      live − shadow
 * @param low      lower end of the confidence sequence (at least −1)
 * @param high     upper end (at most 1)
 */
record GapEstimate(long n, double live, double shadow, double gap, double low, double high) {

    /** The mixture's Beta(a, a) prior: Jeffreys', which keeps the interval tight near 0 and 1, where q lives. */
    private static final double A = 0.5;
    private static final BrentSolver SOLVER = new BrentSolver(1e-12, 1e-12, 1e-15);

    /** The estimate from the pairs' counts; refuses counts that no set of pairs has. */
    static GapEstimate of(PairCounts counts, double alpha) {
        if (!counts.possible()) {
            throw new IllegalArgumentException("inconsistent pair counts: " + counts);
        }
        long n = counts.pairs();
        long liveOnly = counts.liveOnly();
        long shadowOnly = counts.shadowOnly();
        if (n == 0) {
            return new GapEstimate(0, 0, 0, 0, -1, 1);
        }
        double live = (double) counts.liveFlagged() / n;
        double shadow = (double) counts.shadowFlagged() / n;
        long discordant = liveOnly + shadowOnly;
        double[] q = interval(discordant, n, alpha / 2);
        double[] p = interval(liveOnly, discordant, alpha / 2);
        double lowSign = 2 * p[0] - 1;
        double highSign = 2 * p[1] - 1;
        double low = lowSign >= 0 ? q[0] * lowSign : q[1] * lowSign;
        double high = highSign >= 0 ? q[1] * highSign : q[0] * highSign;
        return new GapEstimate(n, live, shadow, live - shadow, Math.max(-1, low), Math.min(1, high));
    }

    /** Whether the interval excludes no gap. */
    boolean significant() {
        return low > 0 || high < 0;
    }

    /**
     * The confidence sequence for a Bernoulli rate after {@code k} successes in {@code m} trials: the
     * rates x whose likelihood the Beta(a, a) mixture beats by less than 1/level (Ville's inequality).
     */
    static double[] interval(long k, long m, double level) {
        if (m == 0) {
            return new double[] {0, 1};
        }
        double threshold = Math.log(1 / level) + LogBeta.value(A, A) - LogBeta.value(A + k, A + m - k);
        // log-likelihood ratio of the mixture against rate x, minus the threshold: negative inside the set
        DoubleUnaryOperator outside = x -> -(k * Math.log(x) + (m - k) * Math.log1p(-x)) - threshold;
        double mle = (double) k / m;
        double centre = Math.min(Math.max(mle, 1e-15), 1 - 1e-15);
        double low = k == 0 || outside.applyAsDouble(1e-15) < 0 ? 0 : SOLVER.findRoot(outside, 1e-15, centre);
        double high = k == m || outside.applyAsDouble(1 - 1e-15) < 0 ? 1 : SOLVER.findRoot(outside, centre, 1 - 1e-15);
        return new double[] {low, high};
    }
}
