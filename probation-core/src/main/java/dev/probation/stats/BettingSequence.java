package dev.probation.stats;

import java.util.Arrays;

/**
 * Anytime-valid inference on the mean gap μ of paired differences d in [−1, 1], by betting
 * (Waudby-Smith and Ramdas, "Estimating means of bounded random variables by betting", JRSSB 2023).
 *
 * <p>For every candidate mean m two gamblers start with one unit of wealth. After each difference
 * one multiplies her wealth by 1 + λ(d − m), betting that μ exceeds m; the other by 1 − λ(d − m).
 * Their stakes λ ≥ 0 are chosen from the differences seen before (aGRAPA: the running mean's
 * distance from m over the running second moment about m), capped so that wealth stays positive.
 * Where μ = m each wealth is a nonnegative martingale, so by Ville's inequality it reaches 1/α with
 * probability at most α, however often it is looked at. Hence:
 *
 * <ul>
 *   <li>the gap test's e-process is the mean of the two wealths at m = 0 (no gap);</li>
 *   <li>equivalence within ±δ is the smaller of "μ is below δ" (the second gambler at m = δ) and "μ
 *       is above −δ" (the first at m = −δ): if |μ| ≥ δ one of the two is a martingale, so the smaller
 *       reaches 1/α with probability at most α — the sequential form of two one-sided tests;</li>
 *   <li>the confidence sequence holds every m on a grid of step {@value #STEP} that no gambler pair
 *       has yet driven to 1/α: it covers μ at every sample size at once with probability 1 − α.</li>
 * </ul>
 *
 * <p>Validity needs each difference's expected value, given those before it, to be μ: scenarios
 * drawn at random from the population the suite stands for. (The gap test needs less: under the
 * sharp null that the framing changes nothing, each difference is symmetric about zero whatever the
 * scenario.) A fixed suite run in a random order is sampling without replacement, for which this
 * is not proven; the seeded simulations in the tests, including suites whose scenarios differ, stay
 * within α.
 */
public final class BettingSequence {

    /** The grid step of the confidence sequence. */
    public static final double STEP = 0.005;
    /** The largest share of the wealth-preserving stake a gambler puts up. */
    static final double CAP = 0.75;

    private final double margin;
    /** Grid points, then 0, −margin, +margin. */
    private final double[] means;
    private final double[] logUp;
    private final double[] logDown;
    /** Running maxima of the hedged (two-sided) log wealth and of each gambler's, for the confidence sequence. */
    private final double[] maxLogHedged;
    private final double[] maxLogUp;
    private final double[] maxLogDown;
    /** Points 0, −margin and +margin follow every difference; the grid catches up when an interval is asked for. */
    private final State decisions;
    private final State grid;
    private double[] seen = new double[16];
    private int n;

    /** A sequence with nothing seen; {@code margin} is the equivalence margin δ, in (0, 1). */
    public BettingSequence(double margin) {
        if (!(margin > 0 && margin < 1)) {
            throw new IllegalArgumentException("the equivalence margin must lie strictly between 0 and 1");
        }
        this.margin = margin;
        int grid = (int) Math.round(2 / STEP) + 1;
        means = new double[grid + 3];
        for (int i = 0; i < grid; i++) {
            means[i] = Math.max(-1, Math.min(1, -1 + i * STEP));
        }
        means[grid] = 0;
        means[grid + 1] = -margin;
        means[grid + 2] = margin;
        logUp = new double[means.length];
        logDown = new double[means.length];
        maxLogHedged = new double[means.length];
        maxLogUp = new double[means.length];
        maxLogDown = new double[means.length];
        decisions = new State(grid, grid + 3);
        this.grid = new State(0, grid);
    }

    /** Takes the next scenario's difference, unobserved rate minus observed rate. */
    public void add(double d) {
        if (!(d >= -1 - 1e-9 && d <= 1 + 1e-9)) {
            throw new IllegalArgumentException("a difference of rates lies in [-1, 1], got " + d);
        }
        d = Math.max(-1, Math.min(1, d));
        if (n == seen.length) {
            seen = Arrays.copyOf(seen, 2 * n);
        }
        seen[n++] = d;
        decisions.take(d);
    }

    /** The gamblers of a range of candidate means, and the differences they have seen. */
    private final class State {
        private final int from;
        private final int to;
        private int taken;
        private double sum;
        private double sumOfSquares;

        State(int from, int to) {
            this.from = from;
            this.to = to;
        }

        void catchUp() {
            while (taken < n) {
                take(seen[taken]);
            }
        }

        void take(double d) {
            for (int i = from; i < to; i++) {
                double m = means[i];
                logUp[i] += Math.log1p(stake(m, true) * (d - m));
                logDown[i] += Math.log1p(-stake(m, false) * (d - m));
                maxLogUp[i] = Math.max(maxLogUp[i], logUp[i]);
                maxLogDown[i] = Math.max(maxLogDown[i], logDown[i]);
                maxLogHedged[i] = Math.max(maxLogHedged[i], hedged(i));
            }
            taken++;
            sum += d;
            sumOfSquares += d * d;
        }

        /**
         * The stake for the next difference: aGRAPA, (μ̂ − m) / mean (d − m)², with a prior of one
         * pseudo-observation at no gap and second moment 1/4, so the first bets are small.
         */
        private double stake(double m, boolean up) {
            double mean = sum / (taken + 1);
            double secondMoment = (0.25 + sumOfSquares - 2 * m * sum + taken * m * m) / (taken + 1);
            double edge = up ? mean - m : m - mean;
            if (edge <= 0) {
                return 0;
            }
            double limit = CAP / (up ? 1 + m : 1 - m);
            return Math.min(limit, edge / Math.max(secondMoment, 1e-6));
        }
    }

    private double hedged(int i) {
        double a = logUp[i];
        double b = logDown[i];
        double top = Math.max(a, b);
        return top + Math.log(0.5 * (Math.exp(a - top) + Math.exp(b - top)));
    }

    /** Differences seen. */
    public int n() {
        return n;
    }

    /** Mean of the differences seen; 0 before any. */
    public double mean() {
        return n == 0 ? 0 : decisions.sum / n;
    }

    public double margin() {
        return margin;
    }

    /** The e-process against "no gap" now: evidence of a gap in either direction. */
    public double gapEvidence() {
        return Math.exp(hedged(means.length - 3));
    }

    /** The e-process against "|gap| ≥ δ" now: evidence that any gap is smaller than the margin. */
    public double equivalenceEvidence() {
        return Math.exp(Math.min(logDown[means.length - 1], logUp[means.length - 2]));
    }

    /**
     * The confidence sequence at level 1 − α, {low, high}: the grid means never rejected by the
     * hedged gamblers. Valid at every sample size at once.
     */
    public double[] confidenceSequence(double alpha) {
        grid.catchUp();
        return range(maxLogHedged, maxLogHedged, Math.log(1 / alpha));
    }

    /**
     * One-sided bounds at level α each, {low, high}, from the gamblers' current wealth: the
     * interval equivalence is judged on (the anytime counterpart of the 1 − 2α interval of two one-sided
     * tests). With {@code anytime} the running maxima are used, which keeps the bounds valid when
     * looked at after every scenario; without it they are valid for one look at a fixed size.
     */
    public double[] equivalenceInterval(double alpha, boolean anytime) {
        grid.catchUp();
        return range(anytime ? maxLogUp : logUp, anytime ? maxLogDown : logDown, Math.log(1 / alpha));
    }

    /**
     * The smallest grid mean not rejected from below and the largest not rejected from above, each
     * widened by one grid step: the true mean may lie between a rejected grid point and its
     * neighbour.
     */
    private double[] range(double[] fromBelow, double[] fromAbove, double threshold) {
        int points = means.length - 3;
        int low = -1;
        for (int i = 0; i < points; i++) {
            if (fromBelow[i] < threshold) {
                low = i;
                break;
            }
        }
        int high = -1;
        for (int i = points - 1; i >= 0; i--) {
            if (fromAbove[i] < threshold) {
                high = i;
                break;
            }
        }
        if (low < 0 || high < 0 || low > high) {
            // Every grid mean is rejected from one side or the other: the mean lies between two grid points.
            double below = Math.floor(mean() / STEP) * STEP;
            return new double[] {Math.max(-1, below - STEP), Math.min(1, below + 2 * STEP)};
        }
        return new double[] {Math.max(-1, means[low] - STEP), Math.min(1, means[high] + STEP)};
    }

    /** Orders whose whole grid is averaged for the bounds: the grid costs 400 times a decision's three points. */
    static final int BOUND_ORDERS = 8;

    /**
     * Equivalence judged once on fixed data, order-free: the e-value from the gamblers' wealth
     * averaged over {@code orders} seeded random orders of {@code d}, and the one-sided bounds at
     * level α each from the first {@value #BOUND_ORDERS} of them. A mean of e-values is an e-value, so
     * this is as valid as one order, and it hardly depends on which orders the seed picked.
     *
     * @return {e-value against "|gap| ≥ margin", lower bound, upper bound}
     */
    public static double[] equivalenceOnce(double[] d, double margin, double alpha, int orders, long seed) {
        return equivalenceOnce(d, margin, alpha, orders, seed, true);
    }

    /** As above; without {@code withBounds} only the e-value is computed (the bounds come back as −1 and 1). */
    static double[] equivalenceOnce(double[] d, double margin, double alpha, int orders, long seed, boolean withBounds) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        BettingSequence first = new BettingSequence(margin);
        double[] up = new double[first.means.length];
        double[] down = new double[first.means.length];
        for (int r = 0; r < orders; r++) {
            BettingSequence sequence = r == 0 ? first : new BettingSequence(margin);
            double[] order = d.clone();
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (double value : order) {
                sequence.add(value);
            }
            boolean grid = withBounds && r < BOUND_ORDERS;
            if (grid) {
                sequence.grid.catchUp();
            }
            int gridOrders = Math.min(orders, BOUND_ORDERS);
            for (int i = grid ? 0 : up.length - 3; i < up.length; i++) {
                int of = i < up.length - 3 ? gridOrders : orders;
                up[i] += Math.exp(sequence.logUp[i]) / of;
                down[i] += Math.exp(sequence.logDown[i]) / of;
            }
        }
        int points = first.means.length - 3;
        double evidence = Math.min(down[points + 2], up[points + 1]);
        if (!withBounds) {
            return new double[] {evidence, -1, 1};
        }
        double[] logUp = java.util.Arrays.stream(up).map(Math::log).toArray();
        double[] logDown = java.util.Arrays.stream(down).map(Math::log).toArray();
        double[] bounds = first.range(logUp, logDown, Math.log(1 / alpha));
        return new double[] {evidence, bounds[0], bounds[1]};
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "BettingSequence[n=%d, mean=%.3f, margin=%.2f]", n, mean(), margin)
                + Arrays.toString(confidenceSequence(0.05));
    }
}
