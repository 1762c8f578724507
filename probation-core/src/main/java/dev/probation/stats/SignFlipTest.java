package dev.probation.stats;

import java.util.SplittableRandom;

/**
 * Two-sided sign-flip permutation test that the mean of paired differences is zero. Under the null
 * hypothesis (the framing makes no difference) the two sides of a scenario are exchangeable, so each
 * difference is as likely to have either sign; this holds for any number of samples per scenario
 * and any mix of per-scenario rates. Exact by enumeration for up to {@value #EXACT_LIMIT} non-zero
 * differences, otherwise Monte Carlo with the (1 + hits) / (1 + resamples) correction, which keeps
 * the test valid. With one binary sample per side it equals McNemar's exact test.
 */
public final class SignFlipTest {

    static final int EXACT_LIMIT = 22;
    static final int MONTE_CARLO_RESAMPLES = 20_000;
    private static final double TOLERANCE = 1e-9;

    private SignFlipTest() {}

    public static double pValue(double[] differences, long seed) {
        double[] nonZero = java.util.Arrays.stream(differences).filter(d -> Math.abs(d) > TOLERANCE).toArray();
        if (nonZero.length == 0) {
            return 1.0;
        }
        double observed = Math.abs(sum(nonZero)) - TOLERANCE;
        return nonZero.length <= EXACT_LIMIT ? exact(nonZero, observed) : monteCarlo(nonZero, observed, seed);
    }

    /** Walks all 2^m sign patterns in Gray-code order, changing one sign per step. */
    private static double exact(double[] d, double observed) {
        int m = d.length;
        long patterns = 1L << m;
        double total = sum(d);
        boolean[] flipped = new boolean[m];
        long extreme = Math.abs(total) >= observed ? 1 : 0;
        for (long i = 1; i < patterns; i++) {
            int bit = Long.numberOfTrailingZeros(i);
            total += flipped[bit] ? 2 * d[bit] : -2 * d[bit];
            flipped[bit] = !flipped[bit];
            if (Math.abs(total) >= observed) {
                extreme++;
            }
        }
        return (double) extreme / patterns;
    }

    private static double monteCarlo(double[] d, double observed, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long extreme = 0;
        for (int r = 0; r < MONTE_CARLO_RESAMPLES; r++) {
            double total = 0;
            for (double value : d) {
                total += random.nextBoolean() ? value : -value;
            }
            if (Math.abs(total) >= observed) {
                extreme++;
            }
        }
        return (1.0 + extreme) / (1.0 + MONTE_CARLO_RESAMPLES);
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }
}
