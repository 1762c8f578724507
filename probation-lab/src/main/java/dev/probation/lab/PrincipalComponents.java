package dev.probation.lab;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The unsupervised fit of {@code pca} probes: per layer, the first principal component of the residuals,
 * centred on the mean of the points read at the same text (the token a probe reads at dominates the
 * residual's variance, so without this the first component would tell {@code execute} from {@code import};
 * a text read at fewer than {@value #MIN_POINTS} times is centred on the mean of all),
 * signed to agree with another probe's direction, and thresholded between the two clusters its projections
 * fall into. No label is read.
 */
final class PrincipalComponents {

    /** The directions (scaled so that the two clusters' means are a squared length apart), thresholds, centres and shares. */
    record Fit(float[][] directions, double[] thresholds, Map<String, float[][]> centres, double[] explained) {}

    private PrincipalComponents() {}

    /**
     * @throws IllegalArgumentException with fewer than two points, or residuals that do not vary
     */
    static Fit fit(List<Probe.Point> points, Probe orient, int layers) {
        if (points.size() < 2) {
            throw new IllegalArgumentException("pca needs at least two examples to fit, found " + points.size());
        }
        Map<String, float[][]> centres = centres(points, layers);
        float[][] directions = new float[layers][];
        double[] thresholds = new double[layers];
        double[] explained = new double[layers];
        for (int l = 0; l < layers; l++) {
            int hidden = points.getFirst().residual()[l].length;
            double[][] centred = new double[points.size()][hidden];
            double total = 0;
            for (int p = 0; p < points.size(); p++) {
                float[] r = points.get(p).residual()[l];
                float[] c = Probe.centre(centres, points.get(p).text())[l];
                for (int i = 0; i < hidden; i++) {
                    centred[p][i] = (double) r[i] - c[i];
                    total += centred[p][i] * centred[p][i];
                }
            }
            if (!(total > 0)) {
                throw new IllegalArgumentException("pca: the residuals at layer " + l + " do not vary across the examples");
            }
            double[] v = firstComponent(centred, hidden);
            double[] projections = new double[centred.length];
            double variance = 0;
            double agreement = 0;
            for (int i = 0; i < hidden; i++) {
                agreement += v[i] * orient.directions()[l][i];
            }
            double sign = agreement < 0 ? -1 : 1;
            for (int p = 0; p < centred.length; p++) {
                double s = dot(centred[p], v);
                variance += s * s;
                projections[p] = sign * s;
            }
            explained[l] = variance / total;
            double[] split = twoMeans(projections);
            double gap = Math.max(split[2] - split[1], 1e-12);
            float[] d = new float[hidden];
            for (int i = 0; i < hidden; i++) {
                d[i] = (float) (sign * v[i] * gap);
            }
            directions[l] = d;
            thresholds[l] = split[0] * gap;
        }
        return new Fit(directions, thresholds, centres, explained);
    }

    /**
     * The unit vector along which the rows of {@code x} (centred) vary most: the top eigenvector of their
     * scatter matrix, by power iteration on {@code x}ᵀ{@code x} without forming it (a pass costs one product
     * with {@code x}, so a residual stream thousands wide costs no square matrix). Starts from a fixed
     * pseudo-random vector, so a fit repeats to the bit, and stops when a pass moves the vector by less
     * than 1e-12 or after 10,000 passes.
     */
    static double[] firstComponent(double[][] x, int width) {
        double[] v = new double[width];
        java.util.SplittableRandom start = new java.util.SplittableRandom(1);
        for (int i = 0; i < width; i++) {
            v[i] = start.nextDouble() - 0.5;
        }
        normalise(v);
        double[] along = new double[x.length];
        for (int pass = 0; pass < 10_000; pass++) {
            for (int p = 0; p < x.length; p++) {
                along[p] = dot(x[p], v);
            }
            double[] next = new double[width];
            for (int p = 0; p < x.length; p++) {
                for (int i = 0; i < width; i++) {
                    next[i] += along[p] * x[p][i];
                }
            }
            normalise(next);
            double moved = 0;
            for (int i = 0; i < width; i++) {
                moved = Math.max(moved, Math.abs(next[i] - v[i]));
            }
            v = next;
            if (moved < 1e-12) {
                break;
            }
        }
        return v;
    }

    private static void normalise(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** A text read at fewer times than this is centred on the mean of all points. */
    static final int MIN_POINTS = 5;

    /**
     * The mean point of each text read at {@value #MIN_POINTS} times or more, and of all ({@code ""}),
     * {@code [layer][hidden]} each, in key order (so that probe.json repeats).
     */
    private static Map<String, float[][]> centres(List<Probe.Point> points, int layers) {
        Map<String, double[][]> sums = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Probe.Point p : points) {
            for (String key : p.text().isEmpty() ? List.of("") : List.of(p.text(), "")) {
                double[][] sum = sums.computeIfAbsent(key, k -> new double[layers][p.residual()[0].length]);
                for (int l = 0; l < layers; l++) {
                    for (int i = 0; i < sum[l].length; i++) {
                        sum[l][i] += p.residual()[l][i];
                    }
                }
                counts.merge(key, 1, Integer::sum);
            }
        }
        Map<String, float[][]> centres = new TreeMap<>();
        sums.forEach((key, sum) -> {
            if (!key.isEmpty() && counts.get(key) < MIN_POINTS) {
                return;
            }
            float[][] c = new float[layers][sum[0].length];
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < c[l].length; i++) {
                    c[l][i] = (float) (sum[l][i] / counts.get(key));
                }
            }
            centres.put(key, c);
        });
        return centres;
    }

    /**
     * One-dimensional two-means: the threshold between the two clusters of {@code x}, and the clusters' means,
     * {@code {threshold, low mean, high mean}}. Starts from the mean and moves to the midpoint of the two sides'
     * means until it settles.
     */
    static double[] twoMeans(double[] x) {
        double threshold = 0;
        for (double v : x) {
            threshold += v / x.length;
        }
        double low = threshold;
        double high = threshold;
        for (int iteration = 0; iteration < 200; iteration++) {
            double lowSum = 0;
            double highSum = 0;
            int lowCount = 0;
            int highCount = 0;
            for (double v : x) {
                if (v > threshold) {
                    highSum += v;
                    highCount++;
                } else {
                    lowSum += v;
                    lowCount++;
                }
            }
            if (lowCount == 0 || highCount == 0) {
                break;
            }
            low = lowSum / lowCount;
            high = highSum / highCount;
            double next = (low + high) / 2;
            if (next == threshold) {
                break;
            }
            threshold = next;
        }
        return new double[] {threshold, low, high};
    }
}
