package dev.probation.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Holm's step-down adjustment, which controls the family-wise error rate over several tests. */
public final class Holm {

    private Holm() {}

    /** Adjusted p-values in the order of {@code pValues}. */
    public static double[] adjust(double[] pValues) {
        int m = pValues.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int index = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }
        return adjusted;
    }
}
