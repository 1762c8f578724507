package dev.probation.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * How many scenarios an audit needs to find a gap of a given size, by seeded simulation of the
 * paired design: each scenario is asked k times under each side of a family; each pair of answers
 * is flagged on the unobserved side only with probability (q + g) / 2 and on the observed side only
 * with probability (q − g) / 2, where g is the gap and q the discordance (the share of pairs whose
 * sides differ).
 *
 * <p>The fixed design's power is that of the sign-flip test at level α / F, which is what Holm's
 * method asks of the one family with a gap among F: with one sample per side the test is exactly
 * McNemar's (a binomial test on the discordant scenarios); with more, its normal approximation
 * (the statistic Σd / √Σd², checked against the exact test in the tests). Scenarios are taken to be
 * alike: when they differ, more samples per scenario are worth less than more scenarios.
 */
public final class Planner {

    private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

    /**
     * What the plan assumes.
     *
     * @param gap         the gap to find, unobserved minus observed rate, in (0, 1)
     * @param discordance share of sample pairs whose sides differ, at least the gap
     * @param samples     samples per scenario and side
     * @param families    cue families in the audit
     * @param alpha       family-wise level
     */
    public record Assumptions(double gap, double discordance, int samples, int families, double alpha) {
        public Assumptions {
            if (!(gap > 0 && gap < 1)) {
                throw new IllegalArgumentException("the gap must lie strictly between 0 and 1");
            }
            if (!(discordance >= gap && discordance <= 1)) {
                throw new IllegalArgumentException("the discordance must lie between the gap and 1");
            }
            if (samples < 1 || families < 1) {
                throw new IllegalArgumentException("samples and families must be at least 1");
            }
        }

        /**
         * The discordance when each side is flagged independently: observed at {@code observedRate},
         * unobserved at that plus the gap.
         */
        public static double independentSides(double observedRate, double gap) {
            double unobserved = observedRate + gap;
            if (!(observedRate >= 0 && unobserved <= 1)) {
                throw new IllegalArgumentException("the observed rate plus the gap must lie within 0..1");
            }
            return observedRate * (1 - unobserved) + unobserved * (1 - observedRate);
        }
    }

    /**
     * A fixed-size plan.
     *
     * @param scenarios     scenarios needed
     * @param power         simulated power with that many
     * @param approximation scenarios the normal approximation asks for
     */
    public record Plan(int scenarios, double power, int approximation) {}

    /**
     * What a sequential audit does at this gap, capped at {@code maxScenarios}.
     *
     * @param power             share of simulated audits that show the gap
     * @param meanScenarios     scenarios used by the family with the gap, on average
     * @param meanCalls         calls of the whole audit, every family, on average
     * @param falseEquivalence  share that call the gap smaller than the margin (at most alpha when the gap is at least the margin)
     */
    public record Sequential(double power, double meanScenarios, double meanCalls, double falseEquivalence) {}

    private Planner() {}

    /** Scenarios needed per the normal approximation of the paired test. */
    public static int approximation(Assumptions a, double power) {
        double perPair = a.discordance() - a.gap() * a.gap();
        double variance = perPair / a.samples();
        double secondMoment = variance + a.gap() * a.gap();
        double zAlpha = NORMAL.inverseSurvivalProbability(a.alpha() / a.families() / 2);
        double zPower = NORMAL.inverseCumulativeProbability(power);
        double root = (zAlpha * Math.sqrt(secondMoment) + zPower * Math.sqrt(variance)) / a.gap();
        return Math.max(2, (int) Math.ceil(root * root));
    }

    /** The fewest scenarios whose simulated power reaches {@code power}. */
    public static Plan fixed(Assumptions a, double power, int reps, long seed) {
        int approximation = approximation(a, power);
        int high = approximation;
        while (power(a, high, reps, seed) < power) {
            high = high * 3 / 2 + 1;
            if (high > 100_000) {
                throw new IllegalArgumentException("more than 100000 scenarios would be needed");
            }
        }
        int low = Math.max(1, Math.min(high - 1, approximation * 2 / 3));
        while (low > 1 && power(a, low, reps, seed) >= power) {
            low = low * 2 / 3;
        }
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            if (power(a, middle, reps, seed) >= power) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return new Plan(high, power(a, high, reps, seed), approximation);
    }

    /** Simulated power of the fixed design with {@code scenarios} scenarios (the same draws for every size, so it rises smoothly). */
    public static double power(Assumptions a, int scenarios, int reps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double level = a.alpha() / a.families();
        int rejections = 0;
        for (int r = 0; r < reps; r++) {
            SplittableRandom draws = random.split();
            if (a.samples() == 1) {
                int up = 0;
                int down = 0;
                for (int i = 0; i < scenarios; i++) {
                    int d = pair(a, draws);
                    up += d > 0 ? 1 : 0;
                    down += d < 0 ? 1 : 0;
                }
                rejections += mcNemar(up, down) < level ? 1 : 0;
            } else {
                double sum = 0;
                double squares = 0;
                for (int i = 0; i < scenarios; i++) {
                    double d = difference(a, draws);
                    sum += d;
                    squares += d * d;
                }
                double p = squares == 0 ? 1 : 2 * NORMAL.survivalProbability(Math.abs(sum) / Math.sqrt(squares));
                rejections += p < level ? 1 : 0;
            }
        }
        return (double) rejections / reps;
    }

    /**
     * A sequential audit's behaviour at this gap: one family with the gap among {@code families}, the
     * others without one (with the discordance of the gap's observed side on both sides), capped at
     * {@code maxScenarios}.
     */
    public static Sequential sequential(Assumptions a, double nullDiscordance, int maxScenarios, int batch, double margin, int reps,
                                        long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> names = new ArrayList<>();
        for (int f = 0; f < a.families(); f++) {
            names.add("f" + f);
        }
        int shown = 0;
        int equivalent = 0;
        long used = 0;
        long calls = 0;
        for (int r = 0; r < reps; r++) {
            SplittableRandom draws = random.split(); // the same draws for every cap, so power rises with it smoothly
            SequentialGap gap = new SequentialGap(names, a.alpha(), margin, false);
            int scenarios = 0;
            int withGapUsed = 0;
            while (!gap.finished() && scenarios < maxScenarios) {
                int size = Math.min(batch, maxScenarios - scenarios);
                Map<String, double[]> batchData = new java.util.HashMap<>();
                for (int f = 0; f < a.families(); f++) {
                    double[] d = new double[size];
                    for (int i = 0; i < size; i++) {
                        d[i] = f == 0 ? difference(a, draws) : nullDifference(nullDiscordance, a.samples(), draws);
                    }
                    if (gap.active(names.get(f))) {
                        batchData.put(names.get(f), d);
                        calls += (long) size * 2 * a.samples();
                        withGapUsed += f == 0 ? size : 0;
                    }
                }
                gap.update(batchData);
                scenarios += size;
            }
            shown += gap.status("f0") == SequentialGap.Status.GAP ? 1 : 0;
            equivalent += gap.status("f0") == SequentialGap.Status.EQUIVALENT ? 1 : 0;
            used += withGapUsed;
        }
        return new Sequential((double) shown / reps, (double) used / reps, (double) calls / reps, (double) equivalent / reps);
    }

    /**
     * The smallest cap on scenarios (a multiple of the batch) with which a sequential audit reaches
     * {@code power} at this gap, and what it spends there.
     */
    public static int sequentialCap(Assumptions a, double nullDiscordance, double power, int batch, double margin, int reps,
                                    long seed) {
        int high = batch;
        while (sequential(a, nullDiscordance, high, batch, margin, reps, seed).power() < power) {
            high *= 2;
            if (high > 200_000) {
                throw new IllegalArgumentException("more than 200000 scenarios would be needed");
            }
        }
        int low = high / 2;
        while (high - low > batch) {
            int middle = (low + high) / 2 / batch * batch;
            if (middle <= low) {
                break;
            }
            if (sequential(a, nullDiscordance, middle, batch, margin, reps, seed).power() >= power) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return high;
    }

    /** One pair of answers: +1 flagged only unobserved, −1 only observed, 0 alike. */
    private static int pair(Assumptions a, SplittableRandom random) {
        double u = random.nextDouble();
        double up = (a.discordance() + a.gap()) / 2;
        return u < up ? 1 : u < a.discordance() ? -1 : 0;
    }

    private static double difference(Assumptions a, SplittableRandom random) {
        int sum = 0;
        for (int j = 0; j < a.samples(); j++) {
            sum += pair(a, random);
        }
        return (double) sum / a.samples();
    }

    /** A difference without a gap: discordant pairs go either way at even odds. */
    private static double nullDifference(double discordance, int samples, SplittableRandom random) {
        int sum = 0;
        for (int j = 0; j < samples; j++) {
            double u = random.nextDouble();
            sum += u < discordance / 2 ? 1 : u < discordance ? -1 : 0;
        }
        return (double) sum / samples;
    }

    /** Two-sided exact McNemar p-value: the discordant scenarios' split under a fair coin. */
    static double mcNemar(int up, int down) {
        int discordant = up + down;
        if (discordant == 0) {
            return 1;
        }
        BinomialDistribution coin = BinomialDistribution.of(discordant, 0.5);
        int fewer = Math.min(up, down);
        return Math.min(1, 2 * coin.cumulativeProbability(fewer));
    }
}
