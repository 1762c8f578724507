package dev.probation.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrossValidationTest {

    @Test
    void aurocCountsOrderedPairsAndHalfTies() {
        assertThat(CrossValidation.auroc(new double[] {0.9, 0.8, 0.1, 0.2}, List.of(true, true, false, false))).isEqualTo(1.0);
        assertThat(CrossValidation.auroc(new double[] {0.1, 0.2, 0.9, 0.8}, List.of(true, true, false, false))).isEqualTo(0.0);
        assertThat(CrossValidation.auroc(new double[] {0.5, 0.5}, List.of(true, false))).isEqualTo(0.5);
        assertThat(CrossValidation.auroc(new double[] {0.9, 0.3, 0.5, 0.1}, List.of(true, true, false, false)))
                .isCloseTo(0.75, within(1e-12));
    }

    @Test
    void precisionAndRecallAtTheThreshold() {
        CrossValidation.Result r = CrossValidation.evaluate(new double[] {0.9, 0.6, 0.4, 0.7}, List.of(true, false, true, false), 0.5);
        assertThat(r.precision()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(r.recall()).isEqualTo(0.5);
    }

    @Test
    void groupedFoldsKeepEachGroupTogetherAndStratifiedFoldsBalanceLabels() {
        List<String> groups = List.of("q1", "q1", "q2", "q3", "q3", "q3", "q4", "q5");
        int[] grouped = CrossValidation.groupedFolds(groups, 3, 4);
        for (int i = 0; i < groups.size(); i++) {
            for (int j = 0; j < groups.size(); j++) {
                if (groups.get(i).equals(groups.get(j))) {
                    assertThat(grouped[i]).isEqualTo(grouped[j]);
                }
            }
        }
        List<Boolean> labels = List.of(true, true, true, true, false, false, false, false, false, false);
        int[] stratified = CrossValidation.stratifiedFolds(labels, 2, 1);
        int positivesInFold0 = 0;
        for (int i = 0; i < labels.size(); i++) {
            positivesInFold0 += labels.get(i) && stratified[i] == 0 ? 1 : 0;
        }
        assertThat(positivesInFold0).isEqualTo(2);
    }

    @Test
    void everyItemIsScoredByAModelThatNeverSawIt() {
        int[] fold = {0, 1, 2, 0, 1, 2};
        double[] scores = CrossValidation.outOfFold(6, fold, train -> {
            assertThat(train).hasSize(4);
            return i -> {
                assertThat(train).doesNotContain(i);
                return i / 10.0;
            };
        });
        assertThat(scores).containsExactly(0, 0.1, 0.2, 0.3, 0.4, 0.5);
    }
}
