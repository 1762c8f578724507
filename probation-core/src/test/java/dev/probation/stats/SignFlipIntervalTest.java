package dev.probation.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The interval from inverting the sign-flip test: consistent with the test, and close to its nominal coverage. */
class SignFlipIntervalTest {

    /** Differences of n scenarios, each with its own base rate, k samples per side, and a true gap of {@code lift}. */
    static double[] audit(SplittableRandom random, int n, int k, double base, double lift) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double p = base * (0.3 + 1.4 * random.nextDouble());
            int u = 0;
            int o = 0;
            for (int s = 0; s < k; s++) {
                u += random.nextDouble() < p + lift ? 1 : 0;
                o += random.nextDouble() < p ? 1 : 0;
            }
            d[i] = (u - o) / (double) k;
        }
        return d;
    }

    @Test
    void excludesZeroExactlyWhenTheTestRejects() {
        SplittableRandom random = new SplittableRandom(1);
        int disagreements = 0;
        for (int trial = 0; trial < 300; trial++) {
            double[] d = audit(random, 10 + random.nextInt(50), 1 + random.nextInt(3), 0.2, random.nextDouble() * 0.2);
            SignFlipTest test = SignFlipTest.of(d, trial);
            double p = test.pValue(0);
            double[] ci = test.interval(0.05);
            boolean excludesZero = ci[0] > 0 || ci[1] < 0;
            if (excludesZero != (p < 0.05)) {
                disagreements++;
            }
            double mean = java.util.Arrays.stream(d).average().orElse(0);
            assertThat(ci[0]).isLessThanOrEqualTo(mean + 1e-9);
            assertThat(ci[1]).isGreaterThanOrEqualTo(mean - 1e-9);
        }
        assertThat(disagreements).isZero();
    }

    @Test
    void coversTheTrueGapAtAboutTheNominalRate() {
        record Setting(int n, int k, double base, double lift) {}
        for (Setting setting : new Setting[] {new Setting(40, 3, 0.2, 0.15), new Setting(40, 1, 0.1, 0.2), new Setting(20, 1, 0.3, 0.0)}) {
            SplittableRandom random = new SplittableRandom(5);
            int trials = 600;
            int covered = 0;
            for (int t = 0; t < trials; t++) {
                double[] d = audit(random, setting.n(), setting.k(), setting.base(), setting.lift());
                double[] ci = SignFlipTest.of(d, t).interval(0.05);
                if (ci[0] <= setting.lift() && setting.lift() <= ci[1]) {
                    covered++;
                }
            }
            double coverage = (double) covered / trials;
            System.out.println("sign-flip interval coverage " + setting + ": " + coverage);
            // Exact tests on discrete data are conservative, so coverage may exceed 95%, most of all with no gap.
            assertThat(coverage).as(setting.toString()).isBetween(0.93, 1.0);
        }
    }

    @Test
    void noDataGivesAPointAtZero() {
        assertThat(SignFlipTest.of(new double[0], 1).interval(0.05)).containsExactly(0, 0);
        assertThat(SignFlipTest.of(new double[] {0, 0, 0}, 1).pValue(0)).isEqualTo(1.0);
    }
}
