package dev.probation.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdamWTest {

    /** The fused update against AdamW written out in plain Java: global norm clip, decay on matrices only. */
    @Test
    void updatesAsAdamWWithAGlobalNormClipWrittenOutByHand() {
        Engines.offline();
        var random = new SplittableRandom(7);
        float[] matrix = values(random, 6, 0.5);
        float[] vector = values(random, 3, 0.5);
        Reference reference = new Reference(new float[][] {matrix.clone(), vector.clone()}, new boolean[] {true, false});
        AdamW optimizer = new AdamW();
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            parameters.put("w", manager.create(matrix, new Shape(2, 3)));
            parameters.put("b", manager.create(vector, new Shape(3)));
            for (int step = 1; step <= 5; step++) {
                // gradients of sum(c * x): c itself; large on some steps, so that the clip acts
                double size = step % 2 == 0 ? 3.0 : 0.05;
                float[][] grads = {values(random, 6, size), values(random, 3, size)};
                double rate = 0.01 * step;
                try (NDScope scope = new NDScope(); NDManager s = manager.newSubManager()) {
                    Map<String, NDArray> leaves = new LinkedHashMap<>();
                    parameters.forEach((name, p) -> {
                        NDArray leaf = p.duplicate();
                        leaf.setRequiresGradient(true);
                        leaves.put(name, leaf);
                    });
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = leaves.get("w").mul(s.create(grads[0], new Shape(2, 3))).sum()
                                .add(leaves.get("b").mul(s.create(grads[1], new Shape(3))).sum());
                        gc.backward(loss);
                    }
                    double norm = optimizer.step(parameters, leaves, rate);
                    assertThat(norm).isCloseTo(reference.step(grads, rate), within(1e-4));
                }
                assertClose(parameters.get("w").toFloatArray(), reference.values[0]);
                assertClose(parameters.get("b").toFloatArray(), reference.values[1]);
            }
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).isCloseTo(expected[i], within(1e-5));
        }
    }

    private static float[] values(SplittableRandom random, int n, double size) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-size, size);
        }
        return v;
    }

    /** AdamW by the book, in doubles. */
    private static final class Reference {
        final float[][] values;
        final boolean[] decays;
        final double[][] m;
        final double[][] v;
        int t;

        Reference(float[][] values, boolean[] decays) {
            this.values = values;
            this.decays = decays;
            this.m = new double[values.length][];
            this.v = new double[values.length][];
            for (int i = 0; i < values.length; i++) {
                m[i] = new double[values[i].length];
                v[i] = new double[values[i].length];
            }
        }

        double step(float[][] grads, double rate) {
            t++;
            double squares = 0;
            for (float[] g : grads) {
                for (float x : g) {
                    squares += (double) x * x;
                }
            }
            double norm = Math.sqrt(squares);
            double scale = norm > 1.0 ? 1.0 / norm : 1.0;
            for (int i = 0; i < values.length; i++) {
                for (int j = 0; j < values[i].length; j++) {
                    double g = grads[i][j] * scale;
                    m[i][j] = 0.9 * m[i][j] + 0.1 * g;
                    v[i][j] = 0.95 * v[i][j] + 0.05 * g * g;
                    double mHat = m[i][j] / (1 - Math.pow(0.9, t));
                    double vHat = v[i][j] / (1 - Math.pow(0.95, t));
                    double w = values[i][j];
                    if (decays[i]) {
                        w *= 1 - rate * 0.01;
                    }
                    values[i][j] = (float) (w - rate * mHat / (Math.sqrt(vHat) + 1e-8));
                }
            }
            return norm;
        }
    }
}
