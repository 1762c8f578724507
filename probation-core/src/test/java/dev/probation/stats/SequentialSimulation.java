package dev.probation.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded simulations of sequential audits. A scenario's difference for one family is the mean of
 * k sample pairs; each pair is discordant one way with probability (q + g) / 2 and the other with
 * (q − g) / 2, so its expected difference is the gap g.
 */
final class SequentialSimulation {

    /** One scenario's true gap and discordance, the same for every family. */
    record Scenario(double gap, double discordance) {}

    /** What one simulated audit ended with. */
    record Outcome(SequentialGap.Status[] status, int scenarios) {}

    private SequentialSimulation() {}

    /** A suite of {@code n} identical scenarios: draws from a population with one gap and discordance. */
    static List<Scenario> homogeneous(int n, double gap, double discordance) {
        List<Scenario> suite = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            suite.add(new Scenario(gap, discordance));
        }
        return suite;
    }

    /**
     * Runs one audit over {@code suite} in a random order, {@code batch} scenarios at a time, until
     * every family is decided or the suite is spent.
     */
    static Outcome run(List<Scenario> suite, int families, int k, int batch, double alpha, double margin, SplittableRandom random) {
        List<Scenario> order = new ArrayList<>(suite);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Scenario swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        List<String> names = new ArrayList<>();
        for (int f = 0; f < families; f++) {
            names.add("f" + f);
        }
        SequentialGap gap = new SequentialGap(names, alpha, margin, false);
        int used = 0;
        while (!gap.finished() && used < order.size()) {
            int end = Math.min(order.size(), used + batch);
            Map<String, double[]> differences = new HashMap<>();
            for (String name : names) {
                double[] d = new double[end - used];
                for (int i = used; i < end; i++) {
                    d[i - used] = difference(order.get(i), k, random);
                }
                differences.put(name, d);
            }
            gap.update(differences);
            used = end;
        }
        SequentialGap.Status[] status = names.stream().map(gap::status).toArray(SequentialGap.Status[]::new);
        return new Outcome(status, used);
    }

    static double difference(Scenario scenario, int k, SplittableRandom random) {
        double up = (scenario.discordance() + scenario.gap()) / 2;
        double down = (scenario.discordance() - scenario.gap()) / 2;
        int sum = 0;
        for (int j = 0; j < k; j++) {
            double u = random.nextDouble();
            sum += u < up ? 1 : u < up + down ? -1 : 0;
        }
        return (double) sum / k;
    }

    /** The share of runs in which at least one family ends with {@code status}, and the mean scenarios used. */
    static double[] rate(List<Scenario> suite, int families, int k, int batch, double alpha, double margin, int reps,
                         SequentialGap.Status status, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int hits = 0;
        long scenarios = 0;
        for (int r = 0; r < reps; r++) {
            Outcome outcome = run(suite, families, k, batch, alpha, margin, random.split());
            for (SequentialGap.Status s : outcome.status()) {
                if (s == status) {
                    hits++;
                    break;
                }
            }
            scenarios += outcome.scenarios();
        }
        return new double[] {(double) hits / reps, (double) scenarios / reps};
    }
}
