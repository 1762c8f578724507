package dev.probation.run;

import dev.probation.detect.Verdict;
import dev.probation.scenario.Condition;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Side;
import dev.probation.stats.ScenarioPair;
import dev.probation.stats.SequentialGap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Replays a sequential audit from its attempts: the scenarios in the run seed's random order, batch
 * by batch, each batch run for the families still undecided, until the families are decided, the
 * suite is spent, the call budget would be passed, or a batch has not run yet. The audit replays after
 * every batch to learn what to run next, and the analysis replays the finished log — so a resumed
 * run, a re-score and the audit itself reach their decisions the same way.
 *
 * <p>Which scenarios and families a batch holds depends only on the batches before it, which is
 * what keeps the sequential tests valid.
 */
public final class SequentialRun {

    /** Why the audit stopped. */
    public enum Stop {
        /** Every family is decided. */
        DECIDED,
        /** A family shows a gap, and the audit was asked to stop at the first one. */
        FIRST_GAP,
        /** Every scenario of the suite was used. */
        SUITE_SPENT,
        /** The next batch would pass the call budget. */
        BUDGET_SPENT,
        /** The next batch has not run (yet): the audit goes on, or the run log ends early. */
        PENDING
    }

    /**
     * The state after replaying.
     *
     * @param gap      the families' tests and confidence sequences
     * @param pairs    per family, the scenario pairs it used, in the order used
     * @param used     scenarios used
     * @param ran      per family, the scenarios of the batches it took part in
     * @param calls    calls the batches so far planned (each counted once, however often retried)
     * @param stop     why replaying stopped
     * @param next     the batch to run next when {@code stop} is PENDING, else null
     */
    public record Replay(SequentialGap gap, Map<String, List<ScenarioPair>> pairs, int used,
                         Map<String, Integer> ran, int calls, Stop stop, Batch next) {

        public boolean finished() {
            return stop != Stop.PENDING;
        }
    }

    /** A batch to run: these scenarios under these families, every sample, both sides. */
    public record Batch(List<Scenario> scenarios, List<String> families) {}

    private SequentialRun() {}

    /** The most calls an audit of this header makes: the fixed design's, unless the budget is lower. */
    public static int budget(RunHeader header) {
        AuditConfig config = header.config();
        int fixed = Audit.plannedAttempts(config, header.suite().scenarios().size(), config.families().size());
        Integer cap = config.sequential() == null ? null : config.sequential().maxCalls();
        return cap == null ? fixed : Math.min(cap, fixed);
    }

    /** The suite's scenarios in the order a sequential audit with this seed uses them. */
    static List<Scenario> order(List<Scenario> scenarios, long seed) {
        List<Scenario> order = new ArrayList<>(scenarios);
        java.util.Collections.shuffle(order, new SplittableRandom(seed ^ 0x5E9_0E9CEL));
        return order;
    }

    /** Replays the batches whose attempts (by id, failed ones included) are all present. */
    public static Replay replay(RunHeader header, Map<String, Attempt> attempts, Map<String, Verdict> verdicts) {
        AuditConfig config = header.config();
        if (config.sequential() == null) {
            throw new IllegalArgumentException("not a sequential audit");
        }
        int batch = config.sequential().batch();
        int samples = config.samples();
        int budget = budget(header);
        List<Scenario> order = order(header.suite().scenarios(), config.seed());
        SequentialGap gap = new SequentialGap(config.families(), config.alpha(), config.equivalenceMargin());
        Map<String, List<ScenarioPair>> pairs = new LinkedHashMap<>();
        Map<String, Integer> ran = new LinkedHashMap<>();
        config.families().forEach(f -> {
            pairs.put(f, new ArrayList<>());
            ran.put(f, 0);
        });
        int used = 0;
        int calls = 0;
        while (!gap.finished()) {
            if (config.sequential().stopAtFirstGap()
                    && config.families().stream().anyMatch(f -> gap.status(f) == SequentialGap.Status.GAP)) {
                return new Replay(gap, pairs, used, ran, calls, Stop.FIRST_GAP, null);
            }
            List<String> active = config.families().stream().filter(gap::active).toList();
            int perScenario = active.size() * 2 * samples;
            int size = Math.min(Math.min(batch, order.size() - used), (budget - calls) / perScenario);
            if (size <= 0) {
                return new Replay(gap, pairs, used, ran, calls, used == order.size() ? Stop.SUITE_SPENT : Stop.BUDGET_SPENT, null);
            }
            List<Scenario> scenarios = order.subList(used, used + size);
            if (!complete(scenarios, active, samples, attempts)) {
                return new Replay(gap, pairs, used, ran, calls, Stop.PENDING, new Batch(List.copyOf(scenarios), active));
            }
            Map<String, double[]> differences = new LinkedHashMap<>();
            for (String family : active) {
                List<ScenarioPair> batchPairs = new ArrayList<>();
                for (Scenario scenario : scenarios) {
                    ScenarioPair pair = pair(scenario.id(), family, samples, attempts, verdicts);
                    if (pair != null) {
                        batchPairs.add(pair);
                    }
                }
                pairs.get(family).addAll(batchPairs);
                ran.merge(family, size, Integer::sum);
                differences.put(family, batchPairs.stream().mapToDouble(ScenarioPair::difference).toArray());
            }
            gap.update(differences);
            used += size;
            calls += size * perScenario;
        }
        return new Replay(gap, pairs, used, ran, calls, Stop.DECIDED, null);
    }

    private static boolean complete(List<Scenario> scenarios, List<String> families, int samples, Map<String, Attempt> attempts) {
        for (Scenario scenario : scenarios) {
            for (String family : families) {
                for (int sample = 0; sample < samples; sample++) {
                    for (Side side : Side.values()) {
                        if (!attempts.containsKey(Attempt.id(scenario.id(), new Condition(family, side), sample))) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** The scenario's pair for a family, or null without a judged answer on both sides. */
    private static ScenarioPair pair(String scenario, String family, int samples, Map<String, Attempt> attempts,
                                     Map<String, Verdict> verdicts) {
        int[] c = new int[4];
        for (int sample = 0; sample < samples; sample++) {
            for (Side side : Side.values()) {
                Attempt attempt = attempts.get(Attempt.id(scenario, new Condition(family, side), sample));
                Verdict verdict = verdicts.get(attempt.id());
                if (!attempt.succeeded() || verdict == null || !verdict.valid()) {
                    continue;
                }
                int offset = side == Side.OBSERVED ? 0 : 2;
                c[offset] += verdict.flagged() ? 1 : 0;
                c[offset + 1]++;
            }
        }
        return c[1] > 0 && c[3] > 0 ? new ScenarioPair(scenario, c[0], c[1], c[2], c[3]) : null;
    }
}
