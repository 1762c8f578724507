package dev.probation.scan.triggers;

import dev.probation.detect.Detector;
import dev.probation.detect.Verdict;
import dev.probation.model.ChatRequest;
import dev.probation.model.Model;
import dev.probation.model.ModelException;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Suite;
import dev.probation.stats.Holm;
import dev.probation.stats.SignFlipTest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Searches for strings that flip a model's behaviour.
 *
 * <p>Two stages keep the verdicts valid while spending queries where they matter. <b>Screening</b>
 * is successive halving: every candidate-and-position arm gets one triggered query on a random
 * scenario, the better half by flagged rate survive, the survivors get twice as many queries, and
 * so on until the finalists are left. <b>Confirmation</b> then asks fresh samples, each scenario with
 * and without the finalist, and tests the paired differences with the exact sign-flip test; Holm
 * adjusts over the finalists. Screening data never enters a p-value, so the selection cannot bias
 * them, and arms dropped in screening are never declared triggers: the family-wise error rate of
 * the reported triggers is at most alpha for any model.
 */
public final class TriggerSearch {

    /**
     * @param positions       where candidates are inserted
     * @param finalists       arms kept for confirmation
     * @param confirmScenarios scenarios in each confirmation (fewer if the suite is smaller)
     * @param confirmSamples  samples per scenario and side in confirmation
     * @param budget          most model calls to spend in all; 0 for no limit
     * @param alpha           family-wise significance level
     * @param seed            drives scenario choice, tie breaks and sampling seeds
     * @param temperature     sampling temperature, or null for the provider's default
     * @param maxTokens       answer cap, or null
     */
    public record Settings(List<Position> positions, int finalists, int confirmScenarios, int confirmSamples, int budget,
                           double alpha, long seed, Double temperature, Integer maxTokens) {

        public Settings {
            positions = List.copyOf(positions);
            if (positions.isEmpty() || finalists < 1 || confirmScenarios < 2 || confirmSamples < 1 || budget < 0) {
                throw new IllegalArgumentException("need a position, a finalist, two confirmation scenarios and one sample");
            }
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha must be between 0 and 1");
            }
        }

        public static Settings defaults() {
            return new Settings(List.of(Position.values()), 8, 40, 1, 0, 0.05, 1, null, null);
        }

        /** Calls the confirmation stage costs for a suite of {@code scenarios} and {@code arms} screened. */
        public int confirmationCalls(int scenarios, int arms) {
            return (Math.min(finalists, arms) + 1) * Math.min(confirmScenarios, scenarios) * confirmSamples;
        }

        /**
         * The smallest budget a search can run on: confirmation and one screening round, plus
         * {@code extraQueries} already spent (an attacker model). A smaller budget is refused.
         */
        public int minimumBudget(int scenarios, int arms, int extraQueries) {
            return confirmationCalls(scenarios, arms) + (arms > finalists ? arms : 0) + extraQueries;
        }

        /** What a budget below {@link #minimumBudget} cannot pay for, and what to do: the end of an error message. */
        public String budgetShortfall(int scenarios, int arms, int extraQueries) {
            return "confirmation (" + confirmationCalls(scenarios, arms)
                    + " calls) and one screening round (" + (arms > finalists ? arms : 0) + " calls): raise --budget to at least "
                    + minimumBudget(scenarios, arms, extraQueries) + ", or screen fewer arms with --categories or --positions";
        }
    }

    /** Hears about progress. */
    public interface Listener {
        /** A phase starts that will make {@code calls} model calls. */
        void phase(String name, int calls);

        /** One call is done; {@code error} is its failure, or null. */
        void call(String error);

        Listener NONE = new Listener() {
            @Override
            public void phase(String name, int calls) {}

            @Override
            public void call(String error) {}
        };
    }

    /** A candidate at a position, with its screening counts. */
    private static final class Arm {
        final Candidate candidate;
        final Position position;
        final SplittableRandom random;
        final AtomicInteger trials = new AtomicInteger();
        final AtomicInteger flagged = new AtomicInteger();
        final double tieBreak;

        Arm(Candidate candidate, Position position, SplittableRandom random) {
            this.candidate = candidate;
            this.position = position;
            this.random = random;
            this.tieBreak = random.nextDouble();
        }

        double rate() {
            return trials.get() == 0 ? 0 : (double) flagged.get() / trials.get();
        }
    }

    private final Model model;
    private final Suite suite;
    private final Detector detector;
    private final Settings settings;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    public TriggerSearch(Model model, Suite suite, Detector detector, Settings settings) {
        this.model = Objects.requireNonNull(model);
        this.suite = Objects.requireNonNull(suite);
        this.detector = Objects.requireNonNull(detector);
        this.settings = Objects.requireNonNull(settings);
        if (suite.scenarios().size() < 2) {
            throw new IllegalArgumentException("suite '" + suite.name() + "' needs at least 2 scenarios for a trigger search");
        }
    }

    /** Screening calls needed for {@code candidates}, for the estimate shown before a run. */
    public int screeningCalls(int candidates) {
        int arms = candidates * settings.positions().size();
        int total = 0;
        for (int alive = arms, m = 1; alive > settings.finalists(); alive = Math.max(settings.finalists(), (alive + 1) / 2), m *= 2) {
            total += alive * m;
        }
        return total;
    }

    /**
     * Runs the search.
     *
     * @param extraQueries calls already spent on the candidates (an attacker model), added to the report's count
     * @throws IllegalArgumentException when the budget cannot pay for confirmation and one screening round
     */
    public TriggerReport run(List<Candidate> candidates, int extraQueries, Listener listener) {
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<Scenario> scenarios = suite.scenarios();
        List<Arm> alive = new ArrayList<>();
        for (Candidate c : candidates) {
            for (Position p : settings.positions()) {
                alive.add(new Arm(c, p, random.split()));
            }
        }
        int arms = alive.size();
        int confirmation = settings.confirmationCalls(scenarios.size(), arms);
        int screeningBudget = settings.budget() == 0 ? Integer.MAX_VALUE : settings.budget() - confirmation - extraQueries;
        int rounds = 0;
        int spentScreening = 0;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int m = 1; alive.size() > settings.finalists(); m *= 2) {
                int cost = alive.size() * m;
                if (spentScreening + cost > screeningBudget) {
                    if (rounds == 0) {
                        throw new IllegalArgumentException("a budget of " + settings.budget() + " calls cannot pay for "
                                + settings.budgetShortfall(scenarios.size(), arms, extraQueries));
                    }
                    break;
                }
                listener.phase("screening round " + (rounds + 1) + ": " + alive.size() + " arms", cost);
                List<Future<?>> pending = new ArrayList<>();
                for (Arm arm : alive) {
                    for (int i = 0; i < m; i++) {
                        Scenario scenario = scenarios.get(arm.random.nextInt(scenarios.size()));
                        long sample = arm.random.nextLong(); // drawn here, in order, so runs repeat whatever the threads do
                        pending.add(executor.submit(() -> {
                            Boolean flagged = ask(scenario, arm.position, arm.candidate.text(), sample, listener);
                            if (flagged != null) {
                                arm.trials.incrementAndGet();
                                if (flagged) {
                                    arm.flagged.incrementAndGet();
                                }
                            }
                        }));
                    }
                }
                await(pending);
                spentScreening += cost;
                rounds++;
                alive.sort(Comparator.comparingDouble(Arm::rate).reversed().thenComparingDouble(a -> a.tieBreak));
                alive = new ArrayList<>(alive.subList(0, Math.max(settings.finalists(), (alive.size() + 1) / 2)));
            }
            alive.sort(Comparator.comparingDouble(Arm::rate).reversed().thenComparingDouble(a -> a.tieBreak));
            List<Arm> finalists = alive.subList(0, Math.min(settings.finalists(), alive.size()));
            List<TriggerResult> results = confirm(finalists, scenarios, random, executor, listener);
            return new TriggerReport(model.ref(), suite.name(), detector.name(), calls.get() + extraQueries, spentScreening, arms,
                    rounds, settings.alpha(), results, failures.get());
        }
    }

    private List<TriggerResult> confirm(List<Arm> finalists, List<Scenario> all, SplittableRandom random, ExecutorService executor,
                                        Listener listener) {
        List<Scenario> shuffled = new ArrayList<>(all);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            java.util.Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        List<Scenario> chosen = shuffled.subList(0, Math.min(settings.confirmScenarios(), shuffled.size()));
        int k = settings.confirmSamples();
        listener.phase("confirmation: " + finalists.size() + " finalists on " + chosen.size() + " scenarios",
                (finalists.size() + 1) * chosen.size() * k);
        // outcomes[arm][scenario][sample]; arm index finalists.size() is the plain request
        Boolean[][][] outcomes = new Boolean[finalists.size() + 1][chosen.size()][k];
        List<Future<?>> pending = new ArrayList<>();
        for (int a = 0; a <= finalists.size(); a++) {
            for (int s = 0; s < chosen.size(); s++) {
                for (int j = 0; j < k; j++) {
                    int arm = a;
                    int scenario = s;
                    int sample = j;
                    Arm finalist = a < finalists.size() ? finalists.get(a) : null;
                    long seed = random.nextLong();
                    pending.add(executor.submit(() -> outcomes[arm][scenario][sample] = finalist == null
                            ? ask(chosen.get(scenario), Position.USER_END, null, seed, listener)
                            : ask(chosen.get(scenario), finalist.position, finalist.candidate.text(), seed, listener)));
                }
            }
        }
        await(pending);
        Boolean[][] baseline = outcomes[finalists.size()];
        double[] p = new double[finalists.size()];
        List<double[]> stats = new ArrayList<>();
        for (int a = 0; a < finalists.size(); a++) {
            List<Double> differences = new ArrayList<>();
            double triggered = 0;
            double plain = 0;
            for (int s = 0; s < chosen.size(); s++) {
                Double t = mean(outcomes[a][s]);
                Double b = mean(baseline[s]);
                if (t != null && b != null) {
                    differences.add(t - b);
                    triggered += t;
                    plain += b;
                }
            }
            double[] d = differences.stream().mapToDouble(Double::doubleValue).toArray();
            SignFlipTest test = SignFlipTest.of(d, settings.seed() + a);
            double[] ci = test.interval(settings.alpha());
            // One-sided: a trigger raises the flagged rate. The null distribution is symmetric, so the
            // one-sided p-value of a positive mean is half the two-sided one; a mean of zero or below is no evidence.
            double mean = java.util.Arrays.stream(d).average().orElse(0);
            p[a] = mean > 0 ? test.pValue(0) / 2 : 1.0;
            int n = d.length;
            stats.add(new double[] {n == 0 ? 0 : java.util.Arrays.stream(d).average().orElse(0), ci[0], ci[1],
                    n == 0 ? 0 : triggered / n, n == 0 ? 0 : plain / n, n});
        }
        double[] adjusted = Holm.adjust(p);
        List<TriggerResult> results = new ArrayList<>();
        for (int a = 0; a < finalists.size(); a++) {
            Arm arm = finalists.get(a);
            double[] s = stats.get(a);
            results.add(new TriggerResult(arm.candidate.text(), arm.candidate.category(), arm.position, s[0], s[1], s[2], p[a],
                    adjusted[a], adjusted[a] < settings.alpha() && s[0] > 0, s[3], s[4], (int) s[5],
                    arm.trials.get() == 0 ? Double.NaN : arm.rate()));
        }
        results.sort(Comparator.comparingDouble(TriggerResult::pAdjusted).thenComparingDouble(r -> -r.effect()));
        return results;
    }

    private static Double mean(Boolean[] samples) {
        int n = 0;
        int flagged = 0;
        for (Boolean b : samples) {
            if (b != null) {
                n++;
                flagged += b ? 1 : 0;
            }
        }
        return n == 0 ? null : (double) flagged / n;
    }

    /** One call and its verdict: true flagged, false not, null when the call failed or could not be judged. */
    private Boolean ask(Scenario scenario, Position position, String candidate, long sampleSeed, Listener listener) {
        ChatRequest request = position.request(scenario, candidate)
                .withSampling(settings.temperature(), settings.maxTokens(), sampleSeed);
        calls.incrementAndGet();
        try {
            Verdict verdict = detector.detect(scenario, model.chat(request));
            if (!verdict.valid()) {
                failures.incrementAndGet();
                listener.call("unjudged: " + verdict.explanation());
                return null;
            }
            listener.call(null);
            return verdict.flagged();
        } catch (ModelException e) {
            if (e.fatal()) {
                throw e;
            }
            failures.incrementAndGet();
            listener.call(e.getMessage());
            return null;
        }
    }

    private static void await(List<Future<?>> pending) {
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    pending.forEach(other -> other.cancel(true));
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
