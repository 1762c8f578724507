package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The shadow gap's interval holds at every sample size at once: checked by seeded simulation. */
class GapEstimateTest {

    /**
     * Pairs drawn with P(live flagged alone) = liveOnly and P(shadow flagged alone) = shadowOnly (and
     * some flagged on both sides): across seeded runs of 2,000 pairs, the interval must exclude the true
     * gap at some point in at most α of them, under no gap and under a gap, with concordant pairs
     * common or rare.
     */
    @ParameterizedTest(name = "live only {0}, shadow only {1}")
    @CsvSource({"0.05, 0.05", "0.10, 0.02", "0.35, 0.15", "0.0, 0.0", "0.5, 0.5"})
    void theConfidenceSequenceCoversTheTrueGapAtAllTimesInAtLeastOneMinusAlphaOfRuns(double liveOnly, double shadowOnly) {
        double alpha = 0.05;
        double both = 0.2 * (1 - liveOnly - shadowOnly);
        double truth = liveOnly - shadowOnly;
        SplittableRandom random = new SplittableRandom(3);
        int missed = 0;
        int runs = 200;
        for (int run = 0; run < runs; run++) {
            PairCounts counts = PairCounts.NONE;
            for (int n = 1; n <= 2000; n++) {
                double u = random.nextDouble();
                boolean live = u < liveOnly || (u >= liveOnly + shadowOnly && u < liveOnly + shadowOnly + both);
                boolean shadow = u >= liveOnly && u < liveOnly + shadowOnly + both;
                counts = counts.plus(live, shadow);
                GapEstimate estimate = GapEstimate.of(counts, alpha);
                if (estimate.low() > truth + 1e-12 || estimate.high() < truth - 1e-12) {
                    missed++;
                    break;
                }
            }
        }
        assertThat((double) missed / runs).isLessThanOrEqualTo(alpha);
    }

    /**
     * What the discordant pairs buy: a faker that complies live on 8% of requests more than under
     * observation, with 10% of pairs discordant, is shown after 1,000 pairs; a bound that lets every
     * pair move the gap by 2 (Hoeffding, the estimate this one replaced) needs ±9.9 points there.
     */
    @Test
    void rareDiscordantPairsGiveANarrowInterval() {
        GapEstimate faker = GapEstimate.of(new PairCounts(1000, 290, 210, 90, 10), 0.05);
        assertThat(faker.gap()).isEqualTo(0.08, within(1e-12));
        assertThat(faker.significant()).isTrue();
        assertThat(faker.low()).isPositive().isLessThan(0.08);
        assertThat(faker.high()).isGreaterThan(0.08).isLessThan(0.14);
        GapEstimate alike = GapEstimate.of(new PairCounts(1000, 250, 250, 50, 50), 0.05);
        assertThat(alike.significant()).isFalse();
        assertThat(alike.high() - alike.low()).isLessThan(0.1);
    }

    @Test
    void aLargeGapIsSignificantWithAFewDozenPairsAndNoGapIsNot() {
        assertThat(GapEstimate.of(new PairCounts(40, 40, 0, 40, 0), 0.05).significant()).isTrue();
        assertThat(GapEstimate.of(new PairCounts(40, 20, 20, 10, 10), 0.05).significant()).isFalse();
        GapEstimate agreeing = GapEstimate.of(new PairCounts(40, 20, 20, 0, 0), 0.05); // forty agreements: a small gap either way
        assertThat(agreeing.high()).isPositive().isLessThan(0.2);
        assertThat(agreeing.low()).isEqualTo(-agreeing.high());
        assertThat(GapEstimate.of(new PairCounts(0, 0, 0, 0, 0), 0.05).low()).isEqualTo(-1);
        GapEstimate some = GapEstimate.of(new PairCounts(1000, 600, 400, 300, 100), 0.05);
        assertThat(some.gap()).isEqualTo(0.2, within(1e-12));
        assertThat(some.high() - some.low()).isLessThan(0.25);
    }

    @Test
    void countsThatCannotComeFromPairsAreRefused() {
        assertThatThrownBy(() -> GapEstimate.of(new PairCounts(10, 5, 2, 1, 1), 0.05)).hasMessageContaining("inconsistent pair counts");
        assertThatThrownBy(() -> GapEstimate.of(new PairCounts(10, 10, 0, 11, 1), 0.05)).hasMessageContaining("inconsistent pair counts");
    }

    @Test
    void theRateIntervalHoldsItsEstimateAndWidensWithTheLevel() {
        double[] loose = GapEstimate.interval(30, 100, 0.1);
        double[] strict = GapEstimate.interval(30, 100, 0.001);
        assertThat(loose[0]).isLessThan(0.3);
        assertThat(loose[1]).isGreaterThan(0.3);
        assertThat(strict[0]).isLessThan(loose[0]);
        assertThat(strict[1]).isGreaterThan(loose[1]);
        assertThat(GapEstimate.interval(0, 50, 0.05)[0]).isZero();
        assertThat(GapEstimate.interval(50, 50, 0.05)[1]).isEqualTo(1);
        assertThat(GapEstimate.interval(0, 0, 0.05)).containsExactly(0, 1);
    }
}
