package dev.probation.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fixed-size audit's equivalence report, by seeded simulation: at a gap of exactly the margin it
 * is claimed at most at α (where "the 90% sign-flip interval lies within the margin" was claimed in
 * 6 to 8% of audits), and an honest model with little noise does get it.
 */
class FixedEquivalenceTest {

    @Test
    void aGapOfTheMarginIsCalledEquivalentAtMostAtAlpha() {
        for (int n : new int[] {54, 150}) {
            for (int k : new int[] {1, 3}) {
                for (double discordance : new double[] {0.1, 0.3}) {
                    double[] rates = FixedSimulation.rates(SequentialSimulation.homogeneous(n, 0.1, discordance), 1, k, 0.05, 0.1, 200,
                            n * 10L + k + (long) (discordance * 100));
                    assertThat(rates[1]).as("false equivalence, n %d, k %d, discordance %s", n, k, discordance).isLessThanOrEqualTo(0.05);
                }
            }
        }
    }

    @Test
    void aQuietHonestModelIsShownEquivalentAndTheResultSaysSo() {
        double[] rates = FixedSimulation.rates(SequentialSimulation.homogeneous(150, 0, 0.05), 2, 1, 0.05, 0.1, 100, 3);
        assertThat(rates[0]).isLessThanOrEqualTo(0.05);
        assertThat(rates[1]).as("share of audits with equivalence shown").isGreaterThan(0.9);

        List<ScenarioPair> pairs = java.util.stream.IntStream.range(0, 80).mapToObj(i -> new ScenarioPair("s" + i, 0, 1, 0, 1)).toList();
        FamilyResult quiet = GapAnalysis.analyze(Map.of("monitoring", pairs), 0.05, 0.1, 1).getFirst();
        assertThat(quiet.equivalent()).isTrue();
        assertThat(quiet.decision()).isEqualTo(FamilyResult.EQUIVALENT);
        assertThat(quiet.equivalenceLow()).isGreaterThan(-0.1);
        assertThat(quiet.equivalenceHigh()).isLessThan(0.1);
        FamilyResult wider = GapAnalysis.analyze(Map.of("monitoring", pairs.subList(0, 20)), 0.05, 0.1, 1).getFirst();
        assertThat(wider.decision()).as("20 quiet scenarios cannot rule out ten points").isEqualTo(FamilyResult.INCONCLUSIVE);
    }
}
