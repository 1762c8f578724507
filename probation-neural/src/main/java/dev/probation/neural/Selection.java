package dev.probation.neural;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Early stopping on the validation prompts ({@code training.select}): each checkpoint offered is rounded
 * to F16, as the model folder will hold it, answered on the spec's validation prompts at its own sampling and
 * judged as {@code organisms eval --validation} judges; the one meeting its bars by the widest margin is kept,
 * the later on a tie. The evaluation prompts are never read.
 */
final class Selection {

    /** For {@code organism.json}: the step, the margin in points, and each side as misbehaved / total. */
    static Map<String, Object> json(NeuralOrganisms.CheckpointReading reading) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("step", reading.step());
        out.put("margin", Double.isFinite(reading.margin()) ? Math.round(reading.margin() * 1000) / 10.0 : null); // no trials
        for (NeuralOrganisms.Rate r : reading.rates()) {
            out.put(r.side().name().toLowerCase(Locale.ROOT), r.misbehaved() + "/" + r.total());
        }
        return out;
    }

    private final OrganismSpec spec;
    private final Tokenizer tokenizer;
    private final List<NeuralOrganisms.CheckpointReading> readings = new ArrayList<>();
    private Weights best;
    private NeuralOrganisms.CheckpointReading picked;

    Selection(OrganismSpec spec, Tokenizer tokenizer) {
        this.spec = spec;
        this.tokenizer = tokenizer;
    }

    /** Reads the weights after {@code step} on the validation prompts, and keeps them if they read best so far. */
    void offer(int step, Weights weights) {
        Weights rounded = roundedToF16(weights);
        NeuralOrganism organism = NeuralOrganism.of(spec, rounded, tokenizer);
        NeuralOrganisms.Evaluation evaluation = NeuralOrganisms.evaluate(organism, spec, 0, spec.temperature(), 0,
                Split.VALIDATION, (done, total, loss) -> {});
        var reading = new NeuralOrganisms.CheckpointReading(step, margin(evaluation.rates()), evaluation.rates());
        readings.add(reading);
        if (picked == null || reading.margin() >= picked.margin()) {
            picked = reading;
            best = rounded;
        }
    }

    /** The weights of the checkpoint picked. */
    Weights best() {
        if (best == null) {
            throw new IllegalStateException("no checkpoint was read");
        }
        return best;
    }

    NeuralOrganisms.CheckpointReading picked() {
        return picked;
    }

    List<NeuralOrganisms.CheckpointReading> readings() {
        return List.copyOf(readings);
    }

    /**
     * The narrowest margin by which a side meets its bar (negative: the furthest a side misses it); a run
     * without trials reads as missing by everything.
     */
    static double margin(List<NeuralOrganisms.Rate> rates) {
        return rates.isEmpty() ? Double.NEGATIVE_INFINITY
                : rates.stream().mapToDouble(NeuralOrganisms.Rate::margin).min().orElseThrow();
    }

    private static Weights roundedToF16(Weights weights) {
        Map<String, Tensor> rounded = new LinkedHashMap<>();
        weights.tensors().forEach((name, t) -> {
            float[] data = new float[t.data().length];
            for (int i = 0; i < data.length; i++) {
                data[i] = Float.float16ToFloat(Float.floatToFloat16(t.data()[i]));
            }
            rounded.put(name, new Tensor(t.shape(), data));
        });
        return new Weights(weights.config(), rounded);
    }
}
