package dev.probation.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The area under the ROC curve of scores that should rank positives above negatives: the Mann-Whitney
 * statistic over all pairs (ties count half), with a seeded bootstrap interval that resamples whole
 * groups (a scenario's framings, a question's answers are not independent of each other).
 */
record Auroc(double value, double ciLow, double ciHigh, int positives, int negatives) {

    static final int RESAMPLES = 1000;

    /** Every example its own group: positives and negatives resampled separately. */
    static Auroc of(double[] positives, double[] negatives, long seed) {
        double[] scores = new double[positives.length + negatives.length];
        boolean[] positive = new boolean[scores.length];
        int[] groups = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i < positives.length ? positives[i] : negatives[i - positives.length];
            positive[i] = i < positives.length;
            groups[i] = i;
        }
        return of(scores, positive, groups, seed);
    }

    /**
     * @param groups each example's group (0 to n-1); the bootstrap draws groups with replacement, and
     *               redraws a resample that lacks one side
     * @throws IllegalArgumentException when a score is not finite, or a side is empty
     */
    static Auroc of(double[] scores, boolean[] positive, int[] groups, long seed) {
        int groupCount = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("a probe score is not finite (" + scores[i] + "); the probe or the "
                        + "model's residual stream holds NaN or infinity");
            }
            groupCount = Math.max(groupCount, groups[i] + 1);
        }
        double value = area(side(scores, positive, true), side(scores, positive, false));
        List<List<Integer>> members = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < scores.length; i++) {
            members.get(groups[i]).add(i);
        }
        members.removeIf(List::isEmpty);
        double[] resampled = new double[RESAMPLES];
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < RESAMPLES; r++) {
            double a;
            do {
                List<Integer> drawn = new ArrayList<>();
                for (int k = 0; k < members.size(); k++) {
                    drawn.addAll(members.get(random.nextInt(members.size())));
                }
                a = area(pick(scores, positive, drawn, true), pick(scores, positive, drawn, false));
            } while (Double.isNaN(a));
            resampled[r] = a;
        }
        Arrays.sort(resampled);
        int positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        return new Auroc(value, resampled[(int) Math.floor(0.025 * (RESAMPLES - 1))],
                resampled[(int) Math.ceil(0.975 * (RESAMPLES - 1))], positives, scores.length - positives);
    }

    private static double[] side(double[] scores, boolean[] positive, boolean which) {
        double[] out = new double[scores.length];
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positive[i] == which) {
                out[n++] = scores[i];
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("an AUROC needs examples on both sides");
        }
        return Arrays.copyOf(out, n);
    }

    private static double[] pick(double[] scores, boolean[] positive, List<Integer> drawn, boolean which) {
        return drawn.stream().filter(i -> positive[i] == which).mapToDouble(i -> scores[i]).toArray();
    }

    /** P(a random positive scores above a random negative), by ranks: O(n log n); NaN when a side is empty. */
    static double area(double[] positives, double[] negatives) {
        if (positives.length == 0 || negatives.length == 0) {
            return Double.NaN;
        }
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
            while (j < n && Double.compare(all[j][0], all[i][0]) == 0) {
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

}
