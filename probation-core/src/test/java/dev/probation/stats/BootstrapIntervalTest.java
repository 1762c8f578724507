package dev.probation.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapIntervalTest {

    /** Over many simulated audits of 40 scenarios, the 95% interval covers the true mean about 95% of the time. */
    @Test
    void coversTheTrueGapAtAboutTheNominalRate() {
        SplittableRandom random = new SplittableRandom(5);
        int trials = 1000;
        int covered = 0;
        double truth = 0.25 * 0.7 - 0.25 * 0.2; // per-scenario unobserved minus observed rate, averaged
        for (int t = 0; t < trials; t++) {
            double[] d = new double[40];
            for (int i = 0; i < d.length; i++) {
                double base = 0.25;
                int u = 0;
                int o = 0;
                for (int k = 0; k < 3; k++) {
                    u += random.nextDouble() < base * 0.7 * 4 ? 1 : 0;
                    o += random.nextDouble() < base * 0.2 * 4 ? 1 : 0;
                }
                d[i] = (u - o) / 3.0;
            }
            double[] ci = BootstrapInterval.mean(d, 0.95, t);
            double mean = 4 * truth;
            if (ci[0] <= mean && mean <= ci[1]) {
                covered++;
            }
        }
        double coverage = (double) covered / trials;
        System.out.println("BCa coverage over " + trials + " trials: " + coverage);
        assertThat(coverage).isBetween(0.93, 0.975);
    }

    @Test
    void aConstantSampleGivesAPoint() {
        assertThat(BootstrapInterval.mean(new double[] {0.5, 0.5, 0.5}, 0.95, 1)).containsExactly(0.5, 0.5);
    }

    @Test
    void isReproducibleForASeed() {
        double[] d = {0, 1, 0, 0.5, -0.5, 1, 1, 0};
        assertThat(BootstrapInterval.mean(d, 0.95, 9)).containsExactly(BootstrapInterval.mean(d, 0.95, 9));
    }
}
