package dev.probation.lab;

import dev.probation.stats.SignFlipTest;

/**
 * Two models' scores on the same inputs, compared input by input: the mean difference (first minus
 * second), its 95% interval and the two-sided p-value of the sign-flip test the audit uses (the
 * inputs are the unit; an input's score is already averaged over its samples).
 *
 * @param first  the first model's mean score
 * @param second the second model's mean score
 * @param effect mean of (first − second) over inputs
 */
public record Comparison(double first, double second, double effect, double ciLow, double ciHigh, double pValue, int n) {

    static Comparison of(double[] first, double[] second, long seed) {
        if (first.length != second.length) {
            throw new IllegalArgumentException("scores on " + first.length + " and " + second.length + " inputs");
        }
        int n = first.length;
        double[] d = new double[n];
        double a = 0;
        double b = 0;
        for (int i = 0; i < n; i++) {
            d[i] = first[i] - second[i];
            a += first[i] / n;
            b += second[i] / n;
        }
        if (n == 0) {
            return new Comparison(0, 0, 0, 0, 0, 1, 0);
        }
        SignFlipTest test = SignFlipTest.of(d, seed);
        double[] interval = test.interval(0.05);
        return new Comparison(a, b, a - b, interval[0], interval[1], test.pValue(0), n);
    }
}
