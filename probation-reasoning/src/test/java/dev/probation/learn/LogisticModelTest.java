package dev.probation.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.probation.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticModelTest {

    @Test
    void scoresTheTrueLabelHigherWhereTheFeatureSaysSoAndLearnsTheBaseRate() {
        Random random = new Random(7);
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            boolean label = random.nextDouble() < 0.3;
            rows.add(new double[] {(label ? 2 : 0) + random.nextGaussian(), random.nextGaussian()});
            labels.add(label);
        }
        LogisticModel model = LogisticModel.train(rows, labels, 10);
        assertThat(model.probability(new double[] {4, 0})).isGreaterThan(0.9);
        assertThat(model.probability(new double[] {-2, 0})).isLessThan(0.1);
        double mean = rows.stream().mapToDouble(model::probability).average().orElseThrow();
        assertThat(mean).as("calibrated on average").isCloseTo(labels.stream().filter(b -> b).count() / 2000.0, within(0.02));
    }

    @Test
    void survivesAJsonRoundTripUnchanged() {
        LogisticModel model = LogisticModel.train(List.of(new double[] {0, 1}, new double[] {1, 0}, new double[] {1, 1}),
                List.of(true, false, true), 1);
        LogisticModel back = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(model), LogisticModel.class);
        assertThat(back.probability(new double[] {0.3, 0.7})).isEqualTo(model.probability(new double[] {0.3, 0.7}));
    }

    @Test
    void refusesRowsOfTheWrongWidth() {
        LogisticModel model = LogisticModel.train(List.of(new double[] {0}, new double[] {1}), List.of(true, false), 1);
        assertThatThrownBy(() -> model.probability(new double[] {1, 2})).hasMessageContaining("expected 1 features, got 2");
        assertThatThrownBy(() -> new LogisticModel(new double[2], new double[2], new double[2]))
                .hasMessageContaining("needs 2 scales and 3 weights");
    }
}
