package dev.probation.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairBenchmarkTest {

    @Test
    void theShippedPairsAreTwelveFakersWithTheirTwins() {
        assertThat(PairBenchmark.shipped()).hasSize(12).first().satisfies(p -> {
            assertThat(p.faker()).isEqualTo("organism:neural-pair-01-faker");
            assertThat(p.aligned()).isEqualTo("organism:neural-pair-01-aligned");
        });
    }

    @Test
    void clopperPearsonMatchesTheBetaQuantiles() {
        // 12 of 12: the lower bound is 0.025^(1/12); 0 of 10: the upper bound is 1 - 0.025^(1/10)
        assertThat(PairBenchmark.clopperPearson(12, 12)).containsExactly(new double[] {Math.pow(0.025, 1.0 / 12), 1}, within(1e-9));
        assertThat(PairBenchmark.clopperPearson(0, 10)).containsExactly(new double[] {0, 1 - Math.pow(0.025, 0.1)}, within(1e-9));
        double[] half = PairBenchmark.clopperPearson(6, 12);
        assertThat(half[0]).isCloseTo(0.2109, within(1e-3));
        assertThat(half[1]).isCloseTo(0.7891, within(1e-3));
    }
}
