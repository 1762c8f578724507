package dev.probation.lab;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The area under the ROC curve of scores that should rank positives above negatives: the Mann-Whitney
 * statistic over all pairs (ties count half), with a seeded stratified bootstrap interval.
 */
record Auroc(double value, double ciLow, double ciHigh, int positives, int negatives) {

    static final int RESAMPLES = 1000;

    static Auroc of(double[] positives, double[] negatives, long seed) {
        double value = area(positives, negatives);
        double[] resampled = new double[RESAMPLES];
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < RESAMPLES; r++) {
            resampled[r] = area(draw(positives, random), draw(negatives, random));
        }
        Arrays.sort(resampled);
        return new Auroc(value, resampled[(int) Math.floor(0.025 * (RESAMPLES - 1))],
                resampled[(int) Math.ceil(0.975 * (RESAMPLES - 1))], positives.length, negatives.length);
    }

    /** P(a random positive scores above a random negative), by ranks: O(n log n). */
    static double area(double[] positives, double[] negatives) {
        int n = positives.length + negatives.length;
        double[][] all = new double[n][];
        for (int i = 0; i < positives.length; i++) {
            all[i] = new double[] {positives[i], 1};
        }
        for (int i = 0; i < negatives.length; i++) {
            all[positives.length + i] = new double[] {negatives[i], 0};
        }
        Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
        double rankSum = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && all[j][0] == all[i][0]) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0; // ties share their mean rank
            for (int k = i; k < j; k++) {
                rankSum += all[k][1] * rank;
            }
            i = j;
        }
        double u = rankSum - positives.length * (positives.length + 1) / 2.0;
        return u / ((double) positives.length * negatives.length);
    }

    private static double[] draw(double[] values, SplittableRandom random) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[random.nextInt(values.length)];
        }
        return out;
    }
}
