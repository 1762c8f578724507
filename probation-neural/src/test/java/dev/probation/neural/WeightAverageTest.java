package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WeightAverageTest {

    private static final ModelConfig SMALL = new ModelConfig(8, 1, 2, 16, 12, 32);

    @Test
    void theMeanIsTakenWeightByWeight() {
        Weights a = Weights.initial(SMALL, 1);
        Weights b = Weights.initial(SMALL, 2);
        Weights c = Weights.initial(SMALL, 3);
        WeightAverage average = new WeightAverage();
        average.add(a);
        average.add(b);
        average.add(c);
        Weights mean = average.mean();
        assertThat(average.count()).isEqualTo(3);
        assertThat(mean.config()).isEqualTo(SMALL);
        assertThat(mean.tensors().keySet()).containsExactlyElementsOf(a.tensors().keySet());
        for (String name : a.tensors().keySet()) {
            float[] x = a.get(name).data(), y = b.get(name).data(), z = c.get(name).data(), m = mean.get(name).data();
            for (int i = 0; i < m.length; i++) {
                assertThat(m[i]).isEqualTo((float) (((double) x[i] + y[i] + z[i]) / 3));
            }
        }
    }

    @Test
    void oneCheckpointIsItsOwnMean() {
        Weights a = Weights.initial(SMALL, 1);
        WeightAverage average = new WeightAverage();
        average.add(a);
        Weights mean = average.mean();
        a.tensors().forEach((name, t) -> assertThat(mean.get(name).data()).isEqualTo(t.data()));
    }

    @Test
    void refusesAnEmptyMeanAndAnotherShape() {
        assertThatThrownBy(() -> new WeightAverage().mean()).isInstanceOf(IllegalStateException.class);
        WeightAverage average = new WeightAverage();
        average.add(Weights.initial(SMALL, 1));
        ModelConfig wider = new ModelConfig(16, 1, 2, 32, 12, 32);
        assertThatThrownBy(() -> average.add(Weights.initial(wider, 1))).hasMessageContaining("another shape");
    }
}
