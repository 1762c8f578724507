package dev.probation.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrossValidationUnitTest {

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
}
