package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PairCountsTest {

    @Test
    void countsEachKindOfPair() {
        PairCounts c = PairCounts.NONE.plus(true, true).plus(true, false).plus(false, true).plus(false, false).plus(true, false);
        assertThat(c).isEqualTo(new PairCounts(5, 3, 2, 2, 1));
        assertThat(c.possible()).isTrue();
    }

    @Test
    void theTotalsMinusAWindowOfThemAreTheCountsBeforeIt() {
        PairCounts before = PairCounts.NONE.plus(true, false).plus(false, false);
        PairCounts window = PairCounts.NONE.plus(true, true).plus(false, true);
        PairCounts totals = before.plus(true, true).plus(false, true);
        assertThat(totals.minus(window)).isEqualTo(before);
        assertThat(totals.minus(window).possible()).isTrue();
    }

    /** Retention deleted a pair between reading the window and reading the totals. */
    @Test
    void aWindowTheTotalsNoLongerHoldLeavesCountsNoPairsHave() {
        PairCounts window = PairCounts.NONE.plus(true, false).plus(false, false);
        PairCounts totalsAfterRetention = PairCounts.NONE.plus(false, false); // the live-only pair is gone
        assertThat(totalsAfterRetention.minus(window).possible()).isFalse();
        // counts whose sums agree but that need a negative number of pairs flagged on both sides
        assertThat(new PairCounts(3, 1, 1, 2, 2).possible()).isFalse();
        // more pairs flagged somewhere than there are pairs
        assertThat(new PairCounts(2, 2, 2, 1, 1).possible()).isFalse();
        assertThat(new PairCounts(2, 1, 1, 1, 1).possible()).isTrue();
    }
}
