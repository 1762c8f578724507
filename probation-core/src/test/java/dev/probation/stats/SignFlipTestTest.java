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
            assertThat(p).as("trial %d: %d up, %d down", trial, up, down).isCloseTo(expected, within(1e-9));
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
    void isExactOnAGridOfSmallDenominatorsAndMonteCarloOtherwise() {
        double[] thirds = new double[60];
        java.util.Arrays.fill(thirds, 1.0 / 3);
        SignFlipTest exact = SignFlipTest.of(thirds, 42);
        assertThat(exact.exact()).isTrue();
        assertThat(exact.pValue(0)).isCloseTo(2 * Math.pow(0.5, 60), within(1e-25));

        double[] irrational = new double[40];
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < irrational.length; i++) {
            irrational[i] = random.nextDouble() * Math.PI / 10 - 0.1;
        }
        SignFlipTest sampled = SignFlipTest.of(irrational, 42);
        assertThat(sampled.exact()).isFalse();
        assertThat(sampled.pValue(0)).as("reproducible for a seed").isEqualTo(SignFlipTest.of(irrational, 42).pValue(0))
                .isGreaterThan(0);
    }
}
