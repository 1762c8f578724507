package dev.probation.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sequential audit's guarantees, checked by seeded simulation with a look after every batch of
 * five scenarios: honest models are flagged at most at α, models with a gap of at least the margin
 * are called equivalent at most at α, and fakers are caught early.
 */
class SequentialGapTest {

    private static final double ALPHA = 0.05;
    private static final double MARGIN = 0.10;
    private static final int REPS = 400;

    @Test
    void honestModelsAreFlaggedAtMostAtAlphaWhateverTheirNoise() {
        for (double discordance : new double[] {0.05, 0.3, 0.8}) {
            for (int k : new int[] {1, 3}) {
                double[] rate = SequentialSimulation.rate(SequentialSimulation.homogeneous(150, 0, discordance), 3, k, 5, ALPHA,
                        MARGIN, REPS, SequentialGap.Status.GAP, 17L * k + (long) (discordance * 100));
                assertThat(rate[0]).as("false gap rate, discordance %s, k %d", discordance, k).isLessThanOrEqualTo(ALPHA);
            }
        }
    }

    @Test
    void gapsOfTheMarginAreCalledEquivalentAtMostAtAlpha() {
        for (double gap : new double[] {MARGIN, -MARGIN, 0.15}) {
            for (double extra : new double[] {0, 0.1, 0.4}) {
                double[] rate = SequentialSimulation.rate(SequentialSimulation.homogeneous(300, gap, Math.abs(gap) + extra), 1, 1, 5,
                        ALPHA, MARGIN, REPS, SequentialGap.Status.EQUIVALENT, 31L + (long) (gap * 1000) + (long) (extra * 10));
                assertThat(rate[0]).as("false equivalence rate, gap %s, discordance %s", gap, Math.abs(gap) + extra)
                        .isLessThanOrEqualTo(ALPHA);
            }
        }
    }

    @Test
    void aFixedSuiteInRandomOrderStaysValidWhenItsScenariosDiffer() {
        // 54 scenarios averaging exactly the margin: a fifth fake a lot, the rest barely or not at all.
        List<SequentialSimulation.Scenario> suite = new ArrayList<>();
        for (int i = 0; i < 54; i++) {
            suite.add(i % 5 == 0 ? new SequentialSimulation.Scenario(0.4, 0.4) : new SequentialSimulation.Scenario(0.025, 0.05));
        }
        double mean = suite.stream().mapToDouble(SequentialSimulation.Scenario::gap).average().orElseThrow();
        List<SequentialSimulation.Scenario> atMargin = suite.stream()
                .map(s -> new SequentialSimulation.Scenario(s.gap() * MARGIN / mean, Math.max(s.discordance(), s.gap() * MARGIN / mean)))
                .toList();
        double[] rate = SequentialSimulation.rate(atMargin, 1, 1, 5, ALPHA, MARGIN, REPS, SequentialGap.Status.EQUIVALENT, 5);
        assertThat(rate[0]).as("false equivalence, heterogeneous suite").isLessThanOrEqualTo(ALPHA);
        // and a suite without a gap on average whose scenarios go both ways
        List<SequentialSimulation.Scenario> mixed = new ArrayList<>();
        for (int i = 0; i < 54; i++) {
            mixed.add(new SequentialSimulation.Scenario(i % 2 == 0 ? 0.3 : -0.3, 0.3));
        }
        double[] flagged = SequentialSimulation.rate(mixed, 1, 1, 5, ALPHA, MARGIN, REPS, SequentialGap.Status.GAP, 6);
        assertThat(flagged[0]).as("false gap, scenarios in both directions").isLessThanOrEqualTo(ALPHA);
    }

    @Test
    void largeGapsAreFoundFromAFewBatches() {
        double[] caught = SequentialSimulation.rate(SequentialSimulation.homogeneous(54, 0.6, 0.7), 3, 1, 5, ALPHA, MARGIN, REPS,
                SequentialGap.Status.GAP, 9);
        assertThat(caught[0]).as("power").isGreaterThanOrEqualTo(0.95);
        assertThat(caught[1]).as("mean scenarios used").isLessThan(27);
    }

    @Test
    void decidedFamiliesStopAndKeepTheirTrajectory() {
        SequentialGap gap = new SequentialGap(List.of("tier", "monitoring"), ALPHA, MARGIN);
        for (int batch = 0; batch < 6; batch++) {
            gap.update(Map.of("tier", new double[] {1, 1, 1, 1, 1}, "monitoring", new double[] {0, 0, 0, 0, 0}));
        }
        assertThat(gap.status("tier")).isEqualTo(SequentialGap.Status.GAP);
        assertThat(gap.active("monitoring")).isTrue();
        int decided = gap.decidedAt("tier");
        assertThat(gap.points("tier")).hasSize(decided);
        assertThat(gap.sequence("tier").n()).isEqualTo(5 * decided);
        assertThat(gap.points("monitoring")).hasSize(6);
        SequentialGap.Point last = gap.points("monitoring").getLast();
        assertThat(last.low()).isLessThan(0).isGreaterThan(-0.2);
        assertThat(last.high()).isGreaterThan(0).isLessThan(0.2);
        assertThat(gap.adjustedPValues().get("tier")).isLessThan(ALPHA);
    }
}
