package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The drift test's promises, checked by seeded simulation: a model that keeps its baseline rate
 * raises a false alarm in at most α of long runs, however long they are watched; a model whose rate
 * rises is caught.
 */
class DriftSimulationTest {

    private static final double ALPHA = 0.05;
    private static final int RUNS = 400;
    private static final int LENGTH = 5_000;

    @ParameterizedTest(name = "baseline {0}")
    @CsvSource({"0.02", "0.2", "0.6"})
    void anHonestModelRaisesFalseAlarmsInAtMostAlphaOfRuns(double p0) {
        SplittableRandom random = new SplittableRandom(42);
        int alarmed = 0;
        for (int run = 0; run < RUNS; run++) {
            DriftMonitor.Stream stream = new DriftMonitor.Stream("m", "d", p0, 1 / ALPHA);
            for (int i = 0; i < LENGTH; i++) {
                if (stream.add(random.nextDouble() < p0) != null) {
                    alarmed++;
                    break;
                }
            }
        }
        // Ville's inequality bounds the rate by α; the bound is loose, so the observed rate is lower still.
        assertThat((double) alarmed / RUNS).isLessThanOrEqualTo(ALPHA);
    }

    @ParameterizedTest(name = "baseline {0}, live rate {1}")
    @CsvSource({"0.02, 0.06, 3000", "0.2, 0.3, 1500", "0.6, 0.7, 1500"})
    void aRiseIsCaughtInAlmostEveryRun(double p0, double p, int within) {
        SplittableRandom random = new SplittableRandom(7);
        int caught = 0;
        for (int run = 0; run < RUNS; run++) {
            DriftMonitor.Stream stream = new DriftMonitor.Stream("m", "d", p0, 1 / ALPHA);
            for (int i = 0; i < within; i++) {
                if (stream.add(random.nextDouble() < p) != null) {
                    caught++;
                    break;
                }
            }
        }
        assertThat((double) caught / RUNS).isGreaterThanOrEqualTo(0.9);
    }
}
