package dev.probation.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EClosureTest {

    @Test
    void aSingleHypothesisIsItsOwnEValue() {
        assertThat(EClosure.adjusted(new double[] {7.5})).containsExactly(7.5);
        assertThat(EClosure.rejected(new double[] {20}, 0.05)).containsExactly(true);
        assertThat(EClosure.rejected(new double[] {19.9}, 0.05)).containsExactly(false);
    }

    @Test
    void aWeakNeighbourHoldsBackAStrongOneUntilItIsStrongEnoughForBoth() {
        // {40, 0}: the pair's mean is 20, enough at 0.05; {30, 0}: 15, not enough
        assertThat(EClosure.rejected(new double[] {40, 0}, 0.05)).containsExactly(true, false);
        assertThat(EClosure.rejected(new double[] {30, 0}, 0.05)).containsExactly(false, false);
        assertThat(EClosure.adjusted(new double[] {30, 0, 100})).containsExactly(15, 0, 130 / 3.0);
    }

    @Test
    void everyHypothesisPassingAloneAlsoPassesTogether() {
        assertThat(EClosure.rejected(new double[] {21, 25, 400}, 0.05)).containsExactly(true, true, true);
    }

    @Test
    void itIsAtLeastAsPowerfulAsBonferroni() {
        double[] e = {60, 1, 2};
        assertThat(EClosure.rejected(e, 0.05)[0]).isTrue(); // Bonferroni: 60 >= 3 / 0.05
        assertThat(EClosure.adjusted(new double[] {45, 1, 2})[0]).isEqualTo(16); // (45 + 1 + 2) / 3
    }
}
