package dev.probation.stats;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The simulation table of docs/benchmarks/sequential.md: error rates, power and scenarios used by
 * the sequential design against the fixed design's sign-flip test with Holm's adjustment.
 * {@code ./build -pl probation-core -Dtest=SequentialExperiment -Dprobation.experiment=sequential}
 */
@EnabledIfSystemProperty(named = "probation.experiment", matches = "sequential")
class SequentialExperiment {

    private static final double ALPHA = 0.05;
    private static final double MARGIN = 0.10;

    @Test
    void table() {
        int reps = Integer.getInteger("reps", 2000);
        int families = 3;
        System.out.printf(Locale.ROOT, "%d runs each, %d families, batches of 5, alpha %.2f, margin %.2f%n", reps, families, ALPHA, MARGIN);
        System.out.println("| suite | k | gap | discordance | sequential: gap shown | equivalence shown | scenarios used (mean) "
                + "| fixed: gap shown | fixed: equivalence shown |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int n : new int[] {54, 150}) {
            for (int k : new int[] {1, 3}) {
                for (double[] cell : new double[][] {{0, 0.05}, {0, 0.3}, {0.1, 0.1}, {0.1, 0.3}, {0.2, 0.3}, {0.3, 0.4}, {0.5, 0.6},
                        {0.8, 0.8}}) {
                    List<SequentialSimulation.Scenario> suite = SequentialSimulation.homogeneous(n, cell[0], cell[1]);
                    long seed = n * 100_000L + k * 1000L + (long) (cell[0] * 100) * 10 + (long) (cell[1] * 10);
                    double[] gap = SequentialSimulation.rate(suite, families, k, 5, ALPHA, MARGIN, reps, SequentialGap.Status.GAP, seed);
                    double[] equivalent = SequentialSimulation.rate(suite, families, k, 5, ALPHA, MARGIN, reps,
                            SequentialGap.Status.EQUIVALENT, seed);
                    double[] fixed = FixedSimulation.rates(suite, families, k, ALPHA, MARGIN, Math.max(200, reps / 5), seed);
                    System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.3f | %.3f | %.1f | %.3f | %.3f |%n", n, k, cell[0], cell[1],
                            gap[0], equivalent[0], gap[1], fixed[0], fixed[1]);
                }
            }
        }
    }
}
