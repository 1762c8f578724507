package dev.probation.stats;

import java.util.Arrays;

/**
 * Holm's method for e-values: closed testing with the arithmetic mean as the merging function
 * (Vovk and Wang, "E-values: calibration, combination and applications", 2021). A hypothesis is
 * rejected when every intersection containing it has a mean e-value of at least 1/α.
 *
 * <p>The mean of e-processes for the true hypotheses is itself an e-process, so by Ville's
 * inequality the chance that it ever reaches 1/α is at most α: the family-wise error rate stays at
 * most α however often the e-values are looked at, and whatever the dependence between them.
 */
public final class EClosure {

    private EClosure() {}

    /**
     * For each hypothesis the smallest mean e-value over the intersections that contain it: it is
     * rejected at level α exactly when this is at least 1/α. The worst intersection of size s holds
     * the hypothesis and the s − 1 smallest other e-values.
     */
    public static double[] adjusted(double[] e) {
        double[] adjusted = new double[e.length];
        for (int j = 0; j < e.length; j++) {
            double[] others = new double[e.length - 1];
            for (int i = 0, k = 0; i < e.length; i++) {
                if (i != j) {
                    others[k++] = e[i];
                }
            }
            Arrays.sort(others);
            double worst = e[j];
            double total = e[j];
            for (int s = 1; s <= others.length; s++) {
                total += others[s - 1];
                worst = Math.min(worst, total / (s + 1));
            }
            adjusted[j] = worst;
        }
        return adjusted;
    }

    /** Which hypotheses are rejected at family-wise level α. */
    public static boolean[] rejected(double[] e, double alpha) {
        double[] adjusted = adjusted(e);
        boolean[] rejected = new boolean[e.length];
        for (int j = 0; j < e.length; j++) {
            rejected[j] = adjusted[j] >= 1 / alpha;
        }
        return rejected;
    }
}
