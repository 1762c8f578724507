package dev.probation.lab;

import dev.probation.scenario.Prompt;
import dev.probation.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Linear probes on a model's residual stream, one per layer: the difference between the mean residual
 * of a contrast set's positive and negative examples, read at the last token (MacDiarmid et al. 2024's
 * defection probes), and the midpoint between the two sides' mean projections as the threshold above
 * which an input is flagged. {@code layer} is the one that separated held-out examples best.
 *
 * @param model      the reference the probes were fitted on; they apply to that model only
 * @param contrast   the contrast set's name
 * @param layer      the chosen layer
 * @param directions {@code [layer][hidden]}
 * @param thresholds one per layer
 * @param fits       each layer's AUROC on the held-out share of the contrast set; the kept layer's is the best
 *                   of them, so slightly optimistic when there are many layers (the same groups chose it)
 * @param trainGroups the contrast set's groups the probes were fitted on, which a scan leaves out of its figures
 */
public record Probe(String model, String contrast, int layer, float[][] directions, double[] thresholds, List<LayerFit> fits,
        List<String> trainGroups) {

    /** A layer's AUROC with a 95% bootstrap interval, on {@code positives} and {@code negatives} examples. */
    public record LayerFit(int layer, double auroc, double ciLow, double ciHigh, int positives, int negatives) {

        static LayerFit of(int layer, Auroc a) {
            return new LayerFit(layer, a.value(), a.ciLow(), a.ciHigh(), a.positives(), a.negatives());
        }
    }

    public Probe {
        fits = fits == null ? List.of() : List.copyOf(fits);
        trainGroups = trainGroups == null ? List.of() : List.copyOf(trainGroups);
        if (directions == null || thresholds == null || directions.length == 0 || directions.length != thresholds.length
                || layer < 0 || layer >= directions.length) {
            throw new IllegalArgumentException("a probe needs one direction and threshold per layer, and a layer among them");
        }
        for (float[] d : directions) {
            if (d == null || d.length != directions[0].length) {
                throw new IllegalArgumentException("a probe's directions must all have the residual stream's width");
            }
            for (float v : d) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("a probe's directions must be finite numbers");
                }
            }
        }
    }

    /**
     * The probe's reading of one input at its layer.
     *
     * @param projection the residual at the input's last token, projected on the layer's direction
     * @param threshold  the layer's threshold: the midpoint of the two sides' mean projections
     * @param score      the projection mapped to 0..1, monotonically: 0.5 at the threshold, about 0.88 at
     *                   the positive side's mean projection and 0.12 at the negative side's (the two sides
     *                   are a squared direction length apart, since the direction is their mean difference);
     *                   an ordering, not a calibrated probability
     * @param flagged    whether the projection is above the threshold
     */
    public record Reading(double projection, double threshold, double score, boolean flagged) {}

    /**
     * Reads {@code prompt} on {@code model}, before any answer: the residual stream at the prompt's last
     * token, at the probe's layer.
     *
     * @throws IllegalArgumentException when {@code model}'s residual stream has another shape than the probe's
     */
    public Reading read(OpenModel model, Prompt prompt) {
        requireShapeOf(model);
        float[] direction = directions[layer];
        double projection = dot(model.lastResiduals(prompt, "")[layer], direction);
        double halfGap = dot(direction, direction) / 2;
        double z = halfGap > 0 ? (projection - thresholds[layer]) / halfGap : Math.signum(projection - thresholds[layer]);
        return new Reading(projection, thresholds[layer], 1 / (1 + Math.exp(-2 * z)), projection > thresholds[layer]);
    }

    /** @throws IllegalArgumentException when {@code model} does not have the residual stream the probe was fitted on */
    public void requireShapeOf(OpenModel model) {
        if (directions.length != model.layers() || directions[0].length != model.hidden()) {
            throw new IllegalArgumentException("the probe was fitted on " + this.model + " (" + directions.length
                    + " layers of " + directions[0].length + "), which " + model.ref() + " (" + model.layers()
                    + " layers of " + model.hidden() + ") does not match");
        }
    }

    static double dot(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot;
    }

    /** Writes the probe as JSON. */
    public void write(Path file) throws IOException {
        Files.writeString(file, Json.MAPPER.writeValueAsString(this) + "\n");
    }

    /**
     * Reads a probe that {@code probation probe train} wrote.
     *
     * @throws IllegalArgumentException naming the file when it is not one
     */
    public static Probe read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file (probe train writes probe.json into its --out folder)");
        }
        try {
            return Json.MAPPER.readValue(Files.readString(file), Probe.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a probe written by 'probation probe train': "
                    + (e instanceof tools.jackson.core.JacksonException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }
}
