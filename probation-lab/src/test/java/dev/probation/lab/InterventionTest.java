package dev.probation.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InterventionTest {

    private static float[] ones(int n, float value) {
        float[] x = new float[n];
        Arrays.fill(x, value);
        return x;
    }

    @Test
    void noiseIsScaledToTheStreamAndRepeatsForASeed() {
        float[] a = ones(20_000, 3f);
        float[] b = ones(20_000, 3f);
        Intervention.noise(1, 0.5, 42).apply(1, 0, a);
        Intervention.noise(1, 0.5, 42).apply(1, 0, b);
        assertThat(a).containsExactly(b);
        double mean = 0;
        double squares = 0;
        for (float v : a) {
            mean += (v - 3) / a.length;
            squares += (v - 3) * (v - 3) / a.length;
        }
        assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(0.03));
        assertThat(Math.sqrt(squares)).as("dose 0.5 of an RMS of 3").isCloseTo(1.5, org.assertj.core.data.Offset.offset(0.03));
        float[] other = ones(20_000, 3f);
        Intervention.noise(1, 0.5, 43).apply(1, 0, other);
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void noiseTouchesOnlyItsLayerAndNothingAtDoseZero() {
        float[] x = ones(8, 1f);
        Intervention.noise(2, 1.0, 1).apply(1, 0, x);
        Intervention.noise(2, 0.0, 1).apply(2, 0, x);
        assertThat(x).containsOnly(1f);
        assertThatThrownBy(() -> Intervention.noise(0, -1, 1)).hasMessageContaining("0 or more");
    }

    @Test
    void steeringAddsTheScaledVectorAtItsLayer() {
        float[] x = {1, 2, 3};
        Intervention steer = Intervention.steer(0, new float[] {1, 0, -1}, 2);
        steer.apply(1, 0, x);
        assertThat(x).containsExactly(1, 2, 3);
        steer.apply(0, 5, x);
        assertThat(x).containsExactly(3, 2, 1);
    }
}
