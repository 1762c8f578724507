package dev.probation.lab;

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
