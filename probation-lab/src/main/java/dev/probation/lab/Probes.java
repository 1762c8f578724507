package dev.probation.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Fits linear probes on a model's residual stream from a {@link Contrast} set, and scans inputs with
 * them: what {@code probation probe train} and {@code probe scan} run.
 */
public final class Probes {

    /** The share of a contrast set's groups held out to measure the probes, and the seed of the split and intervals. */
    public record Settings(double heldOutShare, long seed) {
        public Settings {
            if (!(heldOutShare > 0 && heldOutShare < 1)) {
                throw new IllegalArgumentException("--held-out: expected a share between 0 and 1, found " + heldOutShare);
            }
        }
    }

    /** A trained probe, and how many examples it was fitted and measured on. */
    public record Training(Probe probe, int trainExamples, int heldOutExamples) {}

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
     * are scored but left out of the figures ({@code inTraining} of them).
     */
    public record Scan(String model, String contrast, String probeModel, String probeContrast, int layer, double threshold,
            Probe.LayerFit overall, List<Probe.LayerFit> layers, List<KindResult> kinds, int inTraining,
            List<Scored> examples) {}

    private Probes() {}

    /**
     * Fits one probe per layer on the training share of {@code contrast}'s groups and measures each on the
     * held-out share; the probe keeps the layer that separated the held-out examples best.
     *
     * @throws IllegalArgumentException when a share of the split lacks one side
     */
    public static Training train(OpenModel model, Contrast contrast, Settings settings, Progress progress) {
        Set<String> heldOut = heldOutGroups(contrast, settings);
        List<ContrastExample> train = contrast.examples().stream().filter(e -> !heldOut.contains(e.group())).toList();
        List<ContrastExample> test = contrast.examples().stream().filter(e -> heldOut.contains(e.group())).toList();
        for (var share : List.of(Map.entry("training", train), Map.entry("held-out", test))) {
            if (share.getValue().stream().noneMatch(ContrastExample::positive)
                    || share.getValue().stream().allMatch(ContrastExample::positive)) {
                throw new IllegalArgumentException(contrast.name() + ": its " + share.getKey()
                        + " share lacks one side; give more groups with both sides, or another --held-out share");
            }
        }
        progress.started(contrast.examples().size());
        int[] done = {0};
        float[][][] trainLast = lastTokens(model, train, progress, done, contrast.examples().size());
        float[][][] testLast = lastTokens(model, test, progress, done, contrast.examples().size());

        float[][] directions = new float[model.layers()][];
        double[] thresholds = new double[model.layers()];
        List<Probe.LayerFit> fits = new ArrayList<>();
        int best = 0;
        for (int l = 0; l < model.layers(); l++) {
            float[] positive = mean(trainLast, train, l, true);
            float[] negative = mean(trainLast, train, l, false);
            float[] d = new float[positive.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = positive[i] - negative[i];
            }
            directions[l] = d;
            thresholds[l] = (Probe.dot(positive, d) + Probe.dot(negative, d)) / 2;
            Auroc a = auroc(testLast, test, l, d, settings.seed());
            fits.add(Probe.LayerFit.of(l, a));
            if (a.value() > fits.get(best).auroc()) {
                best = l;
            }
        }
        List<String> trainGroups = train.stream().map(ContrastExample::group).distinct().toList();
        return new Training(new Probe(model.ref(), contrast.name(), best, directions, thresholds, fits, trainGroups),
                train.size(), test.size());
    }

    /**
     * The groups held out: the groups are shuffled with the seed within strata (the kind of each group's
     * first example, so that a set of kinds with opposite polarities, like yes-no's, is split alike on both
     * sides), and a share of each stratum is held out.
     *
     * @throws IllegalArgumentException when there are fewer than two groups
     */
    public static Set<String> heldOutGroups(Contrast contrast, Settings settings) {
        Map<String, List<String>> strata = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ContrastExample e : contrast.examples()) {
            if (seen.add(e.group())) {
                strata.computeIfAbsent(e.kind(), k -> new ArrayList<>()).add(e.group());
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
        float[][][] last = lastTokens(model, examples, progress, new int[] {0}, examples.size());
        int layer = probe.layer();
        double threshold = probe.thresholds()[layer];
        Set<String> fitted = Set.copyOf(probe.trainGroups());
        List<Scored> scored = new ArrayList<>();
        List<ContrastExample> outside = new ArrayList<>();
        List<float[][]> outsideLast = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            ContrastExample e = examples.get(i);
            double score = Probe.dot(last[i][layer], probe.directions()[layer]);
            boolean inTraining = fitted.contains(e.group());
            scored.add(new Scored(e.group(), e.kind(), e.positive(), score, score > threshold, inTraining));
            if (!inTraining) {
                outside.add(e);
                outsideLast.add(last[i]);
            }
        }
        if (outside.stream().noneMatch(ContrastExample::positive) || outside.stream().allMatch(ContrastExample::positive)) {
            throw new IllegalArgumentException(contrast.name() + ": outside the groups the probe was fitted on, no examples "
                    + "are left on one side; scan other inputs");
        }
        float[][][] kept = outsideLast.toArray(float[][][]::new);
        List<Probe.LayerFit> layers = new ArrayList<>();
        for (int l = 0; l < model.layers(); l++) {
            layers.add(Probe.LayerFit.of(l, auroc(kept, outside, l, probe.directions()[l], seed)));
        }
        Map<String, List<Integer>> byKind = new LinkedHashMap<>();
        for (int i = 0; i < outside.size(); i++) {
            byKind.computeIfAbsent(outside.get(i).kind(), k -> new ArrayList<>()).add(i);
        }
        List<Scored> outsideScored = scored.stream().filter(x -> !x.inTraining()).toList();
        List<KindResult> kinds = new ArrayList<>();
        byKind.forEach((kind, indices) -> kinds.add(kind(kind, indices, outside, outsideScored, layer, seed)));
        return new Scan(model.ref(), contrast.name(), probe.model(), probe.contrast(), layer, threshold, layers.get(layer),
                layers, kinds, examples.size() - outside.size(), scored);
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

    /** Each example's residual at its last token, {@code [example][layer][hidden]}. */
    private static float[][][] lastTokens(OpenModel model, List<ContrastExample> examples, Progress progress, int[] done,
            int total) {
        float[][][] out = new float[examples.size()][][];
        for (int i = 0; i < examples.size(); i++) {
            ContrastExample e = examples.get(i);
            out[i] = model.lastResiduals(e.prompt(), e.answerStart());
            progress.answered(++done[0], total);
        }
        return out;
    }

    private static Auroc auroc(float[][][] last, List<ContrastExample> examples, int layer, float[] direction, long seed) {
        double[] scores = new double[examples.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Probe.dot(last[i][layer], direction);
        }
        return clustered(scores, examples, seed);
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

    private static float[] mean(float[][][] last, List<ContrastExample> examples, int layer, boolean positive) {
        float[] sum = null;
        int n = 0;
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i).positive() != positive) {
                continue;
            }
            float[] v = last[i][layer];
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
