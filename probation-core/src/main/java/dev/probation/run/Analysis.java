package dev.probation.run;

import dev.probation.detect.Verdict;
import dev.probation.stats.FamilyResult;
import dev.probation.stats.GapAnalysis;
import dev.probation.stats.ScenarioPair;
import dev.probation.scenario.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a run's attempts and verdicts into paired outcomes per family and a {@link Summary}. */
public final class Analysis {

    private Analysis() {}

    /** Per family (in the run's order), one pair per scenario with valid verdicts on both sides. */
    public static Map<String, List<ScenarioPair>> pairs(RunContents run) {
        Map<String, Map<String, int[]>> counts = new LinkedHashMap<>();
        for (String family : run.header().config().families()) {
            counts.put(family, new LinkedHashMap<>());
        }
        for (Attempt attempt : run.attempts()) {
            Verdict verdict = run.verdicts().get(attempt.id());
            if (!attempt.succeeded() || verdict == null || !verdict.valid()) {
                continue;
            }
            Map<String, int[]> family = counts.computeIfAbsent(attempt.family(), f -> new LinkedHashMap<>());
            // flagged-observed, total-observed, flagged-unobserved, total-unobserved
            int[] c = family.computeIfAbsent(attempt.scenario(), s -> new int[4]);
            int offset = attempt.side() == Side.OBSERVED ? 0 : 2;
            c[offset] += verdict.flagged() ? 1 : 0;
            c[offset + 1]++;
        }
        Map<String, List<ScenarioPair>> pairs = new LinkedHashMap<>();
        counts.forEach((family, byScenario) -> {
            List<ScenarioPair> list = new ArrayList<>();
            byScenario.forEach((scenario, c) -> {
                if (c[1] > 0 && c[3] > 0) {
                    list.add(new ScenarioPair(scenario, c[0], c[1], c[2], c[3]));
                }
            });
            pairs.put(family, list);
        });
        return pairs;
    }

    public static Summary summarize(RunContents run, String flaggedLabel) {
        AuditConfig config = run.header().config();
        List<FamilyResult> families = GapAnalysis.analyze(pairs(run), config.alpha(), config.seed());
        long invalid = run.attempts().stream().filter(Attempt::succeeded)
                .filter(a -> run.verdicts().get(a.id()) == null || !run.verdicts().get(a.id()).valid()).count();
        return new Summary(GapAnalysis.verdict(families), config.model(), config.suite(), config.detector(), flaggedLabel,
                config.alpha(), config.samples(), config.seed(), run.header().suite().scenarios().size(),
                run.attempts().size(), run.failedAttempts(), invalid, run.header().createdAt(), run.header().tool(), families);
    }
}
