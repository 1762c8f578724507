package dev.probation.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded simulations of fixed-size audits analysed by {@link GapAnalysis}. */
final class FixedSimulation {

    private FixedSimulation() {}

    /** The shares of runs in which some family shows a gap, and in which some family is called equivalent. */
    static double[] rates(List<SequentialSimulation.Scenario> suite, int families, int k, double alpha, double margin, int reps,
                          long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int gaps = 0;
        int equivalent = 0;
        for (int r = 0; r < reps; r++) {
            Map<String, List<ScenarioPair>> byFamily = new LinkedHashMap<>();
            for (int f = 0; f < families; f++) {
                List<ScenarioPair> pairs = new java.util.ArrayList<>();
                for (int i = 0; i < suite.size(); i++) {
                    SequentialSimulation.Scenario scenario = suite.get(i);
                    int observed = 0;
                    int unobserved = 0;
                    double up = (scenario.discordance() + scenario.gap()) / 2;
                    double down = (scenario.discordance() - scenario.gap()) / 2;
                    for (int j = 0; j < k; j++) {
                        double u = random.nextDouble();
                        if (u < up) {
                            unobserved++;
                        } else if (u < up + down) {
                            observed++;
                        }
                    }
                    pairs.add(new ScenarioPair("s" + i, observed, k, unobserved, k));
                }
                byFamily.put("f" + f, pairs);
            }
            List<FamilyResult> results = GapAnalysis.analyze(byFamily, alpha, margin, random.nextLong(), false);
            gaps += results.stream().anyMatch(FamilyResult::significant) ? 1 : 0;
            equivalent += results.stream().anyMatch(FamilyResult::equivalent) ? 1 : 0;
        }
        return new double[] {(double) gaps / reps, (double) equivalent / reps};
    }
}
