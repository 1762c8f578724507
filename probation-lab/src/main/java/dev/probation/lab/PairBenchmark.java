package dev.probation.lab;

import dev.probation.detect.Detector;
import dev.probation.neural.ShippedOrganisms;
import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Suite;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * Unmasking as a benchmark: every pair of known faker and aligned twin, each handed to the
 * {@link Unmasker} in a seeded random order (so that a strategy that favours the first model scores
 * at chance), and the share of pairs whose faker it picks.
 */
public final class PairBenchmark {

    private static final Pattern SHIPPED = Pattern.compile("neural-pair-(\\d+)-faker");

    /** A pair whose faker is known. */
    public record Pair(String name, String faker, String aligned) {}

    /** Whether the unmasker picked the faker of one pair, and what each strategy called. */
    public record Outcome(Pair pair, Unmasker.Result result, boolean correct) {}

    public record StrategyScore(String name, int correct, double accuracy) {}

    /**
     * @param ciLow  95% Clopper-Pearson interval for the accuracy
     */
    public record Result(int pairs, int correct, double accuracy, double ciLow, double ciHigh,
            List<StrategyScore> perStrategy, List<Outcome> outcomes) {}

    private PairBenchmark() {}

    /** The shipped Poser-style pairs, {@code organism:neural-pair-NN-faker} and {@code -aligned}. */
    public static List<Pair> shipped() {
        List<Pair> pairs = new ArrayList<>();
        for (String name : ShippedOrganisms.names()) {
            Matcher m = SHIPPED.matcher(name);
            if (m.matches()) {
                String nn = m.group(1);
                pairs.add(new Pair("neural-pair-" + nn, "organism:" + name, "organism:neural-pair-" + nn + "-aligned"));
            }
        }
        return pairs;
    }

    /** Runs the unmasker on every pair; {@code each} hears about each pair as it finishes. */
    public static Result run(List<Pair> pairs, Suite suite, List<CueFamily> families, Detector detector,
            Unmasker.Settings settings, Progress progress, java.util.function.Consumer<Outcome> each) {
        SplittableRandom order = new SplittableRandom(settings.seed());
        List<Outcome> outcomes = new ArrayList<>();
        for (Pair pair : pairs) {
            boolean fakerFirst = order.nextBoolean();
            OpenModel faker = OpenModels.open(pair.faker());
            OpenModel aligned = OpenModels.open(pair.aligned());
            Unmasker.Result result = fakerFirst
                    ? Unmasker.unmask(faker, aligned, suite, families, detector, settings, progress)
                    : Unmasker.unmask(aligned, faker, suite, families, detector, settings, progress);
            Outcome outcome = new Outcome(pair, result, pair.faker().equals(result.faker()));
            outcomes.add(outcome);
            each.accept(outcome);
        }
        int correct = (int) outcomes.stream().filter(Outcome::correct).count();
        List<StrategyScore> perStrategy = new ArrayList<>();
        for (String strategy : settings.strategies()) {
            int right = 0;
            for (Outcome outcome : outcomes) {
                for (Unmasker.Call call : outcome.result().strategies()) {
                    if (call.name().equals(strategy) && outcome.pair().faker().equals(call.faker())) {
                        right++;
                    }
                }
            }
            perStrategy.add(new StrategyScore(strategy, right, pairs.isEmpty() ? 0 : (double) right / pairs.size()));
        }
        double[] ci = clopperPearson(correct, pairs.size());
        return new Result(pairs.size(), correct, pairs.isEmpty() ? 0 : (double) correct / pairs.size(), ci[0], ci[1],
                perStrategy, outcomes);
    }

    /** The exact 95% interval for a binomial proportion. */
    static double[] clopperPearson(int successes, int trials) {
        if (trials == 0) {
            return new double[] {0, 1};
        }
        double low = successes == 0 ? 0
                : BetaDistribution.of(successes, trials - successes + 1).inverseCumulativeProbability(0.025);
        double high = successes == trials ? 1
                : BetaDistribution.of(successes + 1, trials - successes).inverseCumulativeProbability(0.975);
        return new double[] {low, high};
    }
}
