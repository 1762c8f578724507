package dev.probation.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sign-flip permutation test for the mean of paired differences, and the confidence interval
 * obtained by inverting it.
 *
 * <p>If the framing makes no difference, the two sides of a scenario are exchangeable, so each
 * difference d_i is as likely to have either sign. The test compares |Σ d_i| with its distribution
 * over all 2^n sign patterns. This holds for any number of samples per scenario and any mix of
 * per-scenario rates; with one binary sample per side it is McNemar's exact test.
 *
 * <p>The interval holds every shift δ that the same test does not reject when applied to d_i − δ,
 * so it excludes zero exactly when the test rejects: interval and p-value never disagree. For a
 * shift δ the statistic is |Σ s_i d_i − δ Σ s_i|, so one joint distribution of (Σ s_i d_i, Σ s_i)
 * serves every δ.
 *
 * <p>That distribution is exact whenever the differences are multiples of 1/K for a K up to
 * {@value #MAX_DENOMINATOR} (the usual case: with k valid samples per side every d_i is a multiple
 * of 1/k), computed by dynamic programming; otherwise it is a seeded Monte Carlo sample of
 * {@value #MONTE_CARLO_RESAMPLES} sign patterns with the (1 + hits) / (1 + draws) correction, which
 * keeps the p-value valid.
 */
public final class SignFlipTest {

    static final int MONTE_CARLO_RESAMPLES = 20_000;
    static final int MAX_DENOMINATOR = 120;
    private static final long MAX_STATES = 4_000_000;
    private static final double TOLERANCE = 1e-9;

    /** For each value of Σ s_i: the possible Σ s_i d_i in ascending order, and cumulative probabilities. */
    private final double[] signValues;
    private final double[][] sums;
    private final double[][] cumulative;
    private final double correction;
    private final double observedSum;
    private final int n;
    private final boolean exact;

    private SignFlipTest(double[] signValues, double[][] sums, double[][] cumulative, double correction, double observedSum,
                         int n, boolean exact) {
        this.signValues = signValues;
        this.sums = sums;
        this.cumulative = cumulative;
        this.correction = correction;
        this.observedSum = observedSum;
        this.n = n;
        this.exact = exact;
    }

    /** The test for the differences {@code d}; {@code seed} is used only when it falls back to Monte Carlo. */
    public static SignFlipTest of(double[] d, long seed) {
        double observed = Arrays.stream(d).sum();
        long denominator = commonDenominator(d);
        if (denominator > 0) {
            long[] scaled = new long[d.length];
            long total = 0;
            for (int i = 0; i < d.length; i++) {
                scaled[i] = Math.round(d[i] * denominator);
                total += Math.abs(scaled[i]);
            }
            if ((2 * total + 1) * (2L * d.length + 1) <= MAX_STATES) {
                return exact(scaled, total, denominator, observed, d.length);
            }
        }
        return monteCarlo(d, observed, seed);
    }

    /** Convenience: the two-sided p-value of "the mean difference is zero". */
    public static double pValue(double[] d, long seed) {
        return of(d, seed).pValue(0);
    }

    /** Two-sided p-value of "the differences are symmetric around {@code shift}". */
    public double pValue(double shift) {
        double threshold = Math.abs(observedSum - shift * n) - TOLERANCE * Math.max(1, n);
        if (n == 0 || threshold <= 0) {
            return 1.0;
        }
        double tail = correction;
        for (int j = 0; j < signValues.length; j++) {
            double centre = shift * signValues[j];
            tail += weightAtLeast(j, centre + threshold) + weightAtMost(j, centre - threshold);
        }
        return Math.min(1.0, tail);
    }

    /**
     * The shifts not rejected at level {@code alpha}, {low, high}, within [-1, 1] (the range of a
     * difference of rates). Bracketed on a grid of 0.02 from the mean outwards, then bisected.
     */
    public double[] interval(double alpha) {
        if (n == 0) {
            return new double[] {0, 0};
        }
        double mean = observedSum / n;
        return new double[] {bound(mean, -1, alpha), bound(mean, 1, alpha)};
    }

    /** Whether the distribution is exact rather than a Monte Carlo sample. */
    public boolean exact() {
        return exact;
    }

    private double bound(double mean, int direction, double alpha) {
        double inside = mean;
        double outside = Double.NaN;
        for (int i = 1; i <= 100; i++) {
            double shift = Math.max(-1, Math.min(1, mean + direction * 0.02 * i));
            if (pValue(shift) < alpha) {
                outside = shift;
                break;
            }
            inside = shift;
            if (Math.abs(shift) >= 1) {
                break;
            }
        }
        if (Double.isNaN(outside)) {
            return inside;
        }
        for (int i = 0; i < 40; i++) {
            double middle = (inside + outside) / 2;
            if (pValue(middle) >= alpha) {
                inside = middle;
            } else {
                outside = middle;
            }
        }
        return inside;
    }

    private double weightAtLeast(int j, double value) {
        double[] s = sums[j];
        int index = lowerBound(s, value - TOLERANCE);
        double below = index == 0 ? 0 : cumulative[j][index - 1];
        return cumulative[j][s.length - 1] - below;
    }

    private double weightAtMost(int j, double value) {
        int index = upperBound(sums[j], value + TOLERANCE);
        return index == 0 ? 0 : cumulative[j][index - 1];
    }

    /** First index whose value is at least {@code value}. */
    private static int lowerBound(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] < value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** First index whose value is above {@code value}. */
    private static int upperBound(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] <= value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The smallest K up to {@value #MAX_DENOMINATOR} with every d_i · K an integer, or 0. */
    static long commonDenominator(double[] d) {
        for (int k = 1; k <= MAX_DENOMINATOR; k++) {
            boolean all = true;
            for (double value : d) {
                double scaled = value * k;
                if (Math.abs(scaled - Math.rint(scaled)) > 1e-7) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return k;
            }
        }
        return 0;
    }

    /** Exact joint distribution of (Σ s_i D_i, Σ s_i) for the integers D_i = d_i · scale. */
    private static SignFlipTest exact(long[] scaled, long total, long scale, double observed, int n) {
        int width = (int) (2 * total + 1);
        int height = 2 * n + 1;
        double[] current = new double[width * height];
        current[(int) total * height + n] = 1.0;
        long reach = 0;
        for (long value : scaled) {
            double[] next = new double[current.length];
            long from = total - reach;
            long to = total + reach;
            for (long a = from; a <= to; a++) {
                int row = (int) a * height;
                for (int b = 0; b < height; b++) {
                    double p = current[row + b];
                    if (p == 0) {
                        continue;
                    }
                    p *= 0.5;
                    next[(int) (a + value) * height + b + 1] += p;
                    next[(int) (a - value) * height + b - 1] += p;
                }
            }
            reach += Math.abs(value);
            current = next;
        }
        List<double[]> columns = new ArrayList<>();
        List<Double> signs = new ArrayList<>();
        for (int b = 0; b < height; b++) {
            int count = 0;
            for (int a = 0; a < width; a++) {
                count += current[a * height + b] > 0 ? 1 : 0;
            }
            if (count == 0) {
                continue;
            }
            double[] column = new double[count * 2];
            int k = 0;
            for (int a = 0; a < width; a++) {
                double p = current[a * height + b];
                if (p > 0) {
                    column[k] = (a - total) / (double) scale;
                    column[count + k++] = p;
                }
            }
            columns.add(column);
            signs.add((double) (b - n));
        }
        return grouped(signs, columns, 0, observed, n, true);
    }

    private static SignFlipTest monteCarlo(double[] d, double observed, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = d.length;
        List<List<Double>> bySign = new ArrayList<>();
        for (int b = 0; b <= 2 * n; b++) {
            bySign.add(new ArrayList<>());
        }
        for (int r = 0; r < MONTE_CARLO_RESAMPLES; r++) {
            double sum = 0;
            int sign = 0;
            for (double value : d) {
                boolean plus = random.nextBoolean();
                sum += plus ? value : -value;
                sign += plus ? 1 : -1;
            }
            bySign.get(sign + n).add(sum);
        }
        double weight = 1.0 / (MONTE_CARLO_RESAMPLES + 1);
        List<double[]> columns = new ArrayList<>();
        List<Double> signs = new ArrayList<>();
        for (int b = 0; b <= 2 * n; b++) {
            List<Double> values = bySign.get(b);
            if (values.isEmpty()) {
                continue;
            }
            double[] column = new double[values.size() * 2];
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.arraycopy(sorted, 0, column, 0, sorted.length);
            Arrays.fill(column, sorted.length, column.length, weight);
            columns.add(column);
            signs.add((double) (b - n));
        }
        return grouped(signs, columns, weight, observed, n, false);
    }

    /** Each column holds sorted sums followed by their weights. */
    private static SignFlipTest grouped(List<Double> signs, List<double[]> columns, double correction, double observed, int n,
                                        boolean exact) {
        double[] signValues = signs.stream().mapToDouble(Double::doubleValue).toArray();
        double[][] sums = new double[columns.size()][];
        double[][] cumulative = new double[columns.size()][];
        for (int j = 0; j < columns.size(); j++) {
            double[] column = columns.get(j);
            int count = column.length / 2;
            sums[j] = Arrays.copyOf(column, count);
            cumulative[j] = new double[count];
            double running = 0;
            for (int k = 0; k < count; k++) {
                running += column[count + k];
                cumulative[j][k] = running;
            }
        }
        return new SignFlipTest(signValues, sums, cumulative, correction, observed, n, exact);
    }
}
