package dev.probation.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AurocTest {

    @Test
    void countsPairsRankedRightAndTiesAsHalf() {
        assertThat(Auroc.area(new double[] {3, 4}, new double[] {1, 2})).isEqualTo(1.0);
        assertThat(Auroc.area(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(0.0);
        // pairs: (2,1) win, (2,2) tie, (2,3) loss, (5,*) three wins: 4.5 of 6
        assertThat(Auroc.area(new double[] {2, 5}, new double[] {1, 2, 3})).isEqualTo(4.5 / 6);
    }

    @Test
    void agreesWithCountingEveryPairOnRandomScores() {
        SplittableRandom random = new SplittableRandom(7);
        double[] pos = random.doubles(57).map(x -> Math.round(x * 20) / 20.0 + 0.1).toArray();
        double[] neg = random.doubles(41).map(x -> Math.round(x * 20) / 20.0).toArray();
        double wins = 0;
        for (double p : pos) {
            for (double n : neg) {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        assertThat(Auroc.area(pos, neg)).isCloseTo(wins / (pos.length * neg.length), offset(1e-12));
    }

    /** The interval is a 95% one: over seeded draws from two known distributions it covers the true AUROC about that often. */
    @Test
    void theBootstrapIntervalCoversTheTrueAreaAtAboutItsLevel() {
        // scores N(0.8, 1) against N(0, 1): AUROC = Phi(0.8 / sqrt 2) = 0.7142
        double truth = 0.7142;
        SplittableRandom random = new SplittableRandom(11);
        int covered = 0;
        int runs = 200;
        for (int r = 0; r < runs; r++) {
            double[] pos = new double[40];
            double[] neg = new double[40];
            for (int i = 0; i < 40; i++) {
                pos[i] = random.nextGaussian() + 0.8;
                neg[i] = random.nextGaussian();
            }
            Auroc a = Auroc.of(pos, neg, r);
            assertThat(a.ciLow()).isLessThanOrEqualTo(a.value());
            assertThat(a.ciHigh()).isGreaterThanOrEqualTo(a.value());
            covered += a.ciLow() <= truth && truth <= a.ciHigh() ? 1 : 0;
        }
        // percentile bootstrap runs a little narrow at n = 40; 200 runs give about +-3 points of noise
        assertThat(covered / (double) runs).isBetween(0.88, 0.99);
    }

    @Test
    void groupsThatRepeatAnExampleWidenTheIntervalAndNaNIsRefused() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 30;
        double[] scores = new double[4 * n];
        boolean[] positive = new boolean[4 * n];
        int[] alone = new int[4 * n];
        int[] paired = new int[4 * n];
        for (int i = 0; i < 2 * n; i++) {
            double s = random.nextGaussian() + (i < n ? 0.8 : 0);
            for (int copy = 0; copy < 2; copy++) { // every example twice, as a scenario's two framings would be
                int k = 2 * i + copy;
                scores[k] = s;
                positive[k] = i < n;
                alone[k] = k;
                paired[k] = i;
            }
        }
        Auroc independent = Auroc.of(scores, positive, alone, 1);
        Auroc clustered = Auroc.of(scores, positive, paired, 1);
        assertThat(clustered.value()).isEqualTo(independent.value());
        assertThat(clustered.ciHigh() - clustered.ciLow()).as("copies are not new evidence")
                .isGreaterThan(1.2 * (independent.ciHigh() - independent.ciLow()));
        scores[3] = Double.NaN;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Auroc.of(scores, positive, alone, 1))
                .hasMessageContaining("not finite");
    }
}
