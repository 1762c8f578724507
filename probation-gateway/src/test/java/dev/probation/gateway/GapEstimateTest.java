package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shadow gap's interval holds at every sample size at once: checked by seeded simulation. */
class GapEstimateTest {

    @Test
    void theConfidenceSequenceCoversTheTrueGapAtAllTimesInAtLeastOneMinusAlphaOfRuns() {
        double alpha = 0.05;
        double live = 0.5;
        double shadow = 0.3;
        SplittableRandom random = new SplittableRandom(3);
        int missed = 0;
        int runs = 300;
        for (int run = 0; run < runs; run++) {
            long liveFlagged = 0;
            long shadowFlagged = 0;
            for (int n = 1; n <= 3000; n++) {
                liveFlagged += random.nextDouble() < live ? 1 : 0;
                shadowFlagged += random.nextDouble() < shadow ? 1 : 0;
                GapEstimate estimate = GapEstimate.of(n, liveFlagged, shadowFlagged, alpha);
                if (estimate.low() > live - shadow || estimate.high() < live - shadow) {
                    missed++;
                    break;
                }
            }
        }
        assertThat((double) missed / runs).isLessThanOrEqualTo(alpha);
    }

    @Test
    void aLargeGapIsSignificantWithAFewDozenPairsAndNoGapIsNot() {
        assertThat(GapEstimate.of(40, 40, 0, 0.05).significant()).isTrue();
        assertThat(GapEstimate.of(40, 20, 20, 0.05).significant()).isFalse();
        assertThat(GapEstimate.of(0, 0, 0, 0.05).low()).isEqualTo(-1);
        GapEstimate some = GapEstimate.of(1000, 600, 400, 0.05);
        assertThat(some.gap()).isEqualTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(some.high() - some.low()).isLessThan(0.25);
    }
}
