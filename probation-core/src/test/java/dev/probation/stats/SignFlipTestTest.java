package dev.probation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

class SignFlipTestTest {

    /** With one binary sample per side, the sign-flip test is McNemar's exact test on the discordant pairs. */
    @Test
    void equalsMcNemarsExactTestForBinaryPairs() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 5 + random.nextInt(40);
            double[] d = new double[n];
            int up = 0;
            int down = 0;
            for (int i = 0; i < n; i++) {
                int o = random.nextDouble() < 0.3 ? 1 : 0;
                int u = random.nextDouble() < 0.3 + 0.3 * random.nextDouble() ? 1 : 0;
                d[i] = u - o;
                up += d[i] > 0 ? 1 : 0;
                down += d[i] < 0 ? 1 : 0;
            }
            // McNemar's exact test: twice the binomial tail beyond the larger count of discordant pairs.
            double expected = up + down == 0 ? 1.0
                    : Math.min(1, 2 * BinomialDistribution.of(up + down, 0.5).survivalProbability(Math.max(up, down) - 1));
            double p = SignFlipTest.pValue(d, 1);
            if (up + down <= SignFlipTest.EXACT_LIMIT) {
                assertThat(p).as("trial %d: %d up, %d down", trial, up, down).isCloseTo(expected, within(1e-9));
            } else {
                assertThat(p).as("trial %d (Monte Carlo)", trial).isCloseTo(expected, within(0.01));
            }
        }
    }

    @Test
    void noDifferencesGiveOne() {
        assertThat(SignFlipTest.pValue(new double[] {0, 0, 0}, 1)).isEqualTo(1.0);
        assertThat(SignFlipTest.pValue(new double[0], 1)).isEqualTo(1.0);
    }

    @Test
    void allOneWayDifferencesAreSignificantOnceThereAreEnough() {
        assertThat(SignFlipTest.pValue(new double[] {1, 1, 1, 1, 1}, 1)).isCloseTo(2 / 32.0, within(1e-12));
        assertThat(SignFlipTest.pValue(new double[] {1, 1, 1, 1, 1, 1}, 1)).isCloseTo(2 / 64.0, within(1e-12));
    }

    @Test
    void monteCarloIsReproducibleForASeedAndNeverZero() {
        double[] d = new double[40];
        java.util.Arrays.fill(d, 1.0 / 3);
        double p = SignFlipTest.pValue(d, 42);
        assertThat(p).isEqualTo(SignFlipTest.pValue(d, 42)).isGreaterThan(0).isLessThan(0.001);
    }
}
