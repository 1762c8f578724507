package dev.probation.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Fits linear probes on a model's residual stream from a {@link Contrast} set, and scans inputs with
 * them: what {@code probation probe train} and {@code probe scan} run.
 */
public final class Probes {

    /**
     * How probes are fitted: the share of a contrast set's groups held out to measure them and the seed of the
     * split and intervals; the method ({@code mean-difference} or {@code pca}, see {@link Probe}); and where they
     * read ({@code readAt}: a pattern in the model's own answer, or null for the prompt's last token).
     */
    public record Settings(double heldOutShare, long seed, String method, String readAt) {
        public Settings {
            if (!(heldOutShare > 0 && heldOutShare < 1)) {
                throw new IllegalArgumentException("--held-out: expected a share between 0 and 1, found " + heldOutShare);
            }
            method = method == null ? "mean-difference" : method;
            if (!Probe.METHODS.contains(method)) {
                throw new IllegalArgumentException("--method: expected one of " + String.join(", ", Probe.METHODS)
                        + ", found '" + method + "'");
            }
            readAt = readAt == null || readAt.isEmpty() ? null : readAt;
            if (readAt != null) {
                try {
                    Probe.pattern(readAt);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--" + e.getMessage());
                }
            }
        }

        /** Mean-difference probes read at the prompt's last token. */
        public Settings(double heldOutShare, long seed) {
            this(heldOutShare, seed, "mean-difference", null);
        }
    }

    /**
     * A trained probe, how many examples it was fitted and measured on, and how many had nothing to read (an
     * answer that never reached {@code readAt}), left out of both.
     */
    public record Training(Probe probe, int trainExamples, int heldOutExamples, int unread) {}

    /**
     * One scanned example: its score at the probe's layer, whether that is above the threshold, and whether
     * its group was among those the probe was fitted on.
     */
    public record Scored(String group, String kind, boolean positive, double score, boolean flagged, boolean inTraining) {}

    /**
     * What a probe flagged in one kind of example (a cue family, an organism's side): the share flagged on
     * each side, and the AUROC where the kind has both (null otherwise).
     */
    public record KindResult(String kind, int positives, int negatives, double positivesFlagged, double negativesFlagged,
            Probe.LayerFit fit) {}

    /**
     * A scan of a contrast set with a probe: AUROC at the probe's layer ({@code overall}) and at every
     * layer, the breakdown by kind, and every example's score. Examples of a group the probe was fitted on
     * are scored but left out of the figures ({@code inTraining} of them); examples whose answer never
     * reached the probe's {@code readAt} have no score ({@code unread} of them, not in {@code examples}).
     */
    public record Scan(String model, String contrast, String probeModel, String probeContrast, int layer, double threshold,
            Probe.LayerFit overall, List<Probe.LayerFit> layers, List<KindResult> kinds, int inTraining, int unread,
            List<Scored> examples) {}

    private Probes() {}

    /** Fits mean-difference probes; see {@link #train(OpenModel, Contrast, Settings, Probe, Progress)}. */
    public static Training train(OpenModel model, Contrast contrast, Settings settings, Progress progress) {
        return train(model, contrast, settings, null, progress);
    }

    /**
     * Fits one probe per layer on the training share of {@code contrast}'s groups and measures each on the
     * held-out share. {@code mean-difference} keeps the layer that separated the held-out examples best;
     * {@code pca} never reads the labels to fit or choose, and keeps the layer whose first component explains
     * the most variance, signed by {@code orient}'s directions.
     *
     * @param orient a probe on the same model whose directions sign the {@code pca} components (required for
     *               {@code pca}, ignored otherwise)
     * @throws IllegalArgumentException when a share of the split lacks one side, or {@code pca} has no {@code orient}
     */
    public static Training train(OpenModel model, Contrast contrast, Settings settings, Probe orient, Progress progress) {
        boolean pca = settings.method().equals("pca");
        if (pca) {
            if (orient == null) {
                throw new IllegalArgumentException("pca needs a probe to sign its components (--orient)");
            }
            orient.requireShapeOf(model);
        }
        // pca reads no label, not even to stratify the split by kind (a held-out or validation set's kind is its side)
        Set<String> heldOut = heldOutGroups(contrast, settings, !pca);
        List<ContrastExample> train = contrast.examples().stream().filter(e -> !heldOut.contains(e.group())).toList();
        List<ContrastExample> test = contrast.examples().stream().filter(e -> heldOut.contains(e.group())).toList();
        requireBothSides(contrast, train, test, "");
        progress.started(contrast.examples().size());
        int[] done = {0};
        Reader reader = new Reader(model, settings.readAt(), progress, done, contrast.examples().size());
        Read trainRead = reader.read(train);
        Read testRead = reader.read(test);
        int unread = train.size() + test.size() - trainRead.examples().size() - testRead.examples().size();
        if (unread > 0) {
            requireBothSides(contrast, trainRead.examples(), testRead.examples(), " with an answer that reached /"
                    + settings.readAt() + "/");
        }

        int layers = model.layers();
        float[][] directions = new float[layers][];
        double[] thresholds = new double[layers];
        Map<String, float[][]> centres = Map.of();
        double[] explained = null;
        if (pca) {
            PrincipalComponents.Fit fit = PrincipalComponents.fit(trainRead.points(), orient, layers);
            directions = fit.directions();
            thresholds = fit.thresholds();
            centres = fit.centres();
            explained = fit.explained();
        } else {
            for (int l = 0; l < layers; l++) {
                float[] positive = mean(trainRead, l, true);
                float[] negative = mean(trainRead, l, false);
                float[] d = new float[positive.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = positive[i] - negative[i];
                }
                directions[l] = d;
                thresholds[l] = (Probe.dot(positive, d) + Probe.dot(negative, d)) / 2;
            }
        }
        List<String> trainGroups = train.stream().map(ContrastExample::group).distinct().toList();
        // the layer is set below; a probe at layer 0 measures every layer alike, since projections do not depend on it
        Probe measuring = new Probe(model.ref(), contrast.name(), 0, directions, thresholds, List.of(), trainGroups,
                settings.method(), settings.readAt(), centres, explained);
        List<Probe.LayerFit> fits = new ArrayList<>();
        int best = 0;
        for (int l = 0; l < layers; l++) {
            fits.add(Probe.LayerFit.of(l, auroc(measuring, testRead, l, settings.seed())));
            boolean better = pca ? explained[l] > explained[best] : fits.get(l).auroc() > fits.get(best).auroc();
            if (better) {
                best = l;
            }
        }
        return new Training(new Probe(model.ref(), contrast.name(), best, directions, thresholds, fits, trainGroups,
                settings.method(), settings.readAt(), centres, explained), trainRead.examples().size(),
                testRead.examples().size(), unread);
    }

    private static void requireBothSides(Contrast contrast, List<ContrastExample> train, List<ContrastExample> test,
            String which) {
        for (var share : List.of(Map.entry("training", train), Map.entry("held-out", test))) {
            if (share.getValue().stream().noneMatch(ContrastExample::positive)
                    || share.getValue().stream().allMatch(ContrastExample::positive)) {
                throw new IllegalArgumentException(contrast.name() + ": its " + share.getKey() + " share lacks one side"
                        + which + "; give more groups with both sides, or another --held-out share");
            }
        }
    }

    /**
     * The groups held out: the groups are shuffled with the seed within strata (the kind of each group's
     * first example, so that a set of kinds with opposite polarities, like yes-no's, is split alike on both
     * sides), and a share of each stratum is held out.
     *
     * @throws IllegalArgumentException when there are fewer than two groups
     */
    public static Set<String> heldOutGroups(Contrast contrast, Settings settings) {
        return heldOutGroups(contrast, settings, true);
    }

    /** The groups held out, within strata by kind or, without {@code byKind}, from all groups at once. */
    static Set<String> heldOutGroups(Contrast contrast, Settings settings, boolean byKind) {
        Map<String, List<String>> strata = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ContrastExample e : contrast.examples()) {
            if (seen.add(e.group())) {
                strata.computeIfAbsent(byKind ? e.kind() : "", k -> new ArrayList<>()).add(e.group());
            }
        }
        if (seen.size() < 2) {
            throw new IllegalArgumentException(contrast.name() + ": needs at least two groups to hold some out, found "
                    + seen.size());
        }
        Random random = new Random(settings.seed());
        Set<String> heldOut = new LinkedHashSet<>();
        for (List<String> stratum : strata.values()) {
            Collections.shuffle(stratum, random);
            long share = Math.round(stratum.size() * settings.heldOutShare());
            heldOut.addAll(stratum.subList(0, (int) Math.min(share, stratum.size() - (strata.size() == 1 ? 1 : 0))));
        }
        if (heldOut.isEmpty()) { // every stratum too small to spare a group: hold out one
            heldOut.add(strata.values().iterator().next().getFirst());
        }
        if (heldOut.size() == seen.size()) {
            heldOut.remove(heldOut.iterator().next());
        }
        return heldOut;
    }

    /**
     * Scores every example of {@code contrast} with {@code probe} on {@code model}: flagged where the score at
     * the probe's layer is above its threshold.
     *
     * @throws IllegalArgumentException when the probe was fitted on a residual stream of another shape
     */
    public static Scan scan(Probe probe, OpenModel model, Contrast contrast, long seed, Progress progress) {
        probe.requireShapeOf(model);
        List<ContrastExample> examples = contrast.examples();
        progress.started(examples.size());
        Read read = new Reader(model, probe.readAt(), progress, new int[] {0}, examples.size()).read(examples);
        int layer = probe.layer();
        double threshold = probe.thresholds()[layer];
        Set<String> fitted = Set.copyOf(probe.trainGroups());
        List<Scored> scored = new ArrayList<>();
        List<ContrastExample> outside = new ArrayList<>();
        List<Probe.Point> outsidePoints = new ArrayList<>();
        for (int i = 0; i < read.examples().size(); i++) {
            ContrastExample e = read.examples().get(i);
            double score = probe.project(read.points().get(i), layer);
            boolean inTraining = fitted.contains(e.group());
            scored.add(new Scored(e.group(), e.kind(), e.positive(), score, score > threshold, inTraining));
            if (!inTraining) {
                outside.add(e);
                outsidePoints.add(read.points().get(i));
            }
        }
        if (outside.stream().noneMatch(ContrastExample::positive) || outside.stream().allMatch(ContrastExample::positive)) {
            throw new IllegalArgumentException(contrast.name() + ": outside the groups the probe was fitted on"
                    + (probe.readAt() == null ? "" : " and with an answer that reached /" + probe.readAt() + "/")
                    + ", no examples are left on one side; scan other inputs");
        }
        Read kept = new Read(outside, outsidePoints);
        List<Probe.LayerFit> layers = new ArrayList<>();
        for (int l = 0; l < model.layers(); l++) {
            layers.add(Probe.LayerFit.of(l, auroc(probe, kept, l, seed)));
        }
        Map<String, List<Integer>> byKind = new LinkedHashMap<>();
        for (int i = 0; i < outside.size(); i++) {
            byKind.computeIfAbsent(outside.get(i).kind(), k -> new ArrayList<>()).add(i);
        }
        List<Scored> outsideScored = scored.stream().filter(x -> !x.inTraining()).toList();
        List<KindResult> kinds = new ArrayList<>();
        byKind.forEach((kind, indices) -> kinds.add(kind(kind, indices, outside, outsideScored, layer, seed)));
        return new Scan(model.ref(), contrast.name(), probe.model(), probe.contrast(), layer, threshold, layers.get(layer),
                layers, kinds, read.examples().size() - outside.size(), examples.size() - read.examples().size(), scored);
    }

    private static KindResult kind(String kind, List<Integer> indices, List<ContrastExample> examples, List<Scored> scored,
            int layer, long seed) {
        List<ContrastExample> these = indices.stream().map(examples::get).toList();
        List<Scored> list = indices.stream().map(scored::get).toList();
        int positives = (int) list.stream().filter(Scored::positive).count();
        Probe.LayerFit fit = positives > 0 && positives < list.size()
                ? Probe.LayerFit.of(layer, clustered(list.stream().mapToDouble(Scored::score).toArray(), these, seed)) : null;
        return new KindResult(kind, positives, list.size() - positives, flagged(list, true), flagged(list, false), fit);
    }

    private static double flagged(List<Scored> list, boolean positive) {
        return list.stream().filter(s -> s.positive() == positive).mapToDouble(s -> s.flagged() ? 1 : 0).average().orElse(0);
    }

    /** Examples that had something to read, and their points, in the same order. */
    record Read(List<ContrastExample> examples, List<Probe.Point> points) {}

    /** Reads examples where probes read: at the last token, or at {@code readAt} in the model's own answer. */
    private record Reader(OpenModel model, String readAt, Progress progress, int[] done, int total) {

        Read read(List<ContrastExample> examples) {
            List<ContrastExample> kept = new ArrayList<>();
            List<Probe.Point> points = new ArrayList<>();
            for (ContrastExample e : examples) {
                Optional<Probe.Point> point = Probe.point(model, e.prompt(), e.answerStart(), readAt);
                if (point.isPresent()) {
                    kept.add(e);
                    points.add(point.get());
                }
                progress.answered(++done[0], total);
            }
            return new Read(kept, points);
        }
    }

    private static Auroc auroc(Probe probe, Read read, int layer, long seed) {
        double[] scores = new double[read.examples().size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = probe.project(read.points().get(i), layer);
        }
        return clustered(scores, read.examples(), seed);
    }

    /** AUROC of {@code scores}, its interval resampling the examples' groups. */
    private static Auroc clustered(double[] scores, List<ContrastExample> examples, long seed) {
        boolean[] positive = new boolean[scores.length];
        int[] groups = new int[scores.length];
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < scores.length; i++) {
            positive[i] = examples.get(i).positive();
            groups[i] = ids.computeIfAbsent(examples.get(i).group(), g -> ids.size());
        }
        return Auroc.of(scores, positive, groups, seed);
    }

    private static float[] mean(Read read, int layer, boolean positive) {
        float[] sum = null;
        int n = 0;
        for (int i = 0; i < read.examples().size(); i++) {
            if (read.examples().get(i).positive() != positive) {
                continue;
            }
            float[] v = read.points().get(i).residual()[layer];
            if (sum == null) {
                sum = new float[v.length];
            }
            for (int k = 0; k < v.length; k++) {
                sum[k] += v[k];
            }
            n++;
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= n;
        }
        return sum;
    }
}
