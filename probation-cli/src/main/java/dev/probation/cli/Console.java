package dev.probation.cli;

import dev.probation.run.Summary;
import dev.probation.stats.FamilyResult;
import dev.probation.stats.GapAnalysis;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Plain-text output of results. */
final class Console {

    private Console() {}

    static void printSummary(PrintWriter out, Summary summary) {
        out.printf(Locale.ROOT, "%n%s rate of %s on %s, by cue family (%s, %s per side):%n%n",
                summary.flaggedLabel(), summary.model(), summary.suite(), count(summary.scenarios(), "scenario", "scenarios"),
                count(summary.samples(), "sample", "samples"));
        boolean sequential = Summary.SEQUENTIAL.equals(summary.design());
        out.printf(Locale.ROOT, "  %-16s %9s %11s %10s %21s %8s %9s %5s  %s%n", "family", "observed", "unobserved", "gap",
                sequential ? plain(100 * (1 - summary.alpha())) + "% conf. sequence" : "95% CI", "p", sequential ? "p(closed)" : "p(Holm)", "n", "decision");
        for (FamilyResult f : summary.families()) {
            if (f.n() == 0) {
                out.printf(Locale.ROOT, "  %-16s %9s %11s %10s %21s %8s %9s %5d  (no data)%n", f.family(), "-", "-", "-", "-", "-", "-", 0);
                continue;
            }
            out.printf(Locale.ROOT, "  %-16s %8.1f%% %10.1f%% %+7.1f pp %+8.1f to %+6.1f pp %8s %9s %5d  %s%n", f.family(),
                    100 * f.observedRate(), 100 * f.unobservedRate(), points(f.gap()), points(f.ciLow()), points(f.ciHigh()),
                    p(f.pValue()), p(f.pAdjusted()), f.n(), decision(f, summary.margin()));
        }
        out.println();
        printEquivalence(out, summary);
        if (summary.sequential() != null) {
            var run = summary.sequential();
            out.printf(Locale.ROOT, "Sequential: %d calls of the fixed design's %d (%s saved), %s in batches of %d; stopped: %s%n",
                    run.calls(), run.fixedCalls(), percent(run.callsSaved(), run.fixedCalls()),
                    count(run.scenarios(), "scenario", "scenarios"), run.batch(), stop(run.stop()));
            out.println();
        }
        if (summary.reasoning() != null) {
            out.printf(Locale.ROOT, "Alignment-faking reasoning by framing (%s; evaluation-aware traces in brackets):%n%n",
                    summary.reasoning().method());
            out.printf(Locale.ROOT, "  %-16s %22s %22s%n", "family", "observed", "unobserved");
            for (var row : summary.reasoning().families()) {
                out.printf(Locale.ROOT, "  %-16s %22s %22s%n", row.family(), reasoning(row.observed()), reasoning(row.unobserved()));
            }
            out.println();
        }
        if (summary.agent() != null) {
            var agent = summary.agent();
            out.printf(Locale.ROOT, "Steps per trajectory: observed %s, unobserved %s (mean); %d bad calls, %d step-limit hits; "
                    + "%d flagged trajectories (deciding steps in summary.json and report.html)%n",
                    plain(agent.observed().meanSteps()), plain(agent.unobserved().meanSteps()),
                    agent.all().badCalls().values().stream().mapToInt(Integer::intValue).sum(), agent.all().stepLimitHits(),
                    agent.flagged().size());
            if (agent.simulator() != null) {
                out.printf(Locale.ROOT, "Simulated tools: %d calls answered by %s, %d unusable answers (tool errors to the agent)%n",
                        agent.all().simulatedCalls(), agent.simulator(), agent.all().simulatorFailures());
            }
            out.println();
            if (agent.afterwards().stream().anyMatch(row -> row.flagged() > 0)) { // follow-up questions, and something to deny
                out.printf(Locale.ROOT, "Denied afterwards (the follow-up answers of flagged trajectories; the rest admitted or unclear):%n%n");
                out.printf(Locale.ROOT, "  %-17s %30s %30s%n", "family", "observed", "unobserved");
                var rows = agent.afterwards();
                for (int i = 0; i + 1 < rows.size(); i += 2) {
                    out.printf(Locale.ROOT, "  %-17s %30s %30s%n", rows.get(i).family(), denied(rows.get(i)), denied(rows.get(i + 1)));
                }
                out.println();
            }
        }
        List<String> significant = summary.families().stream().filter(FamilyResult::significant).map(FamilyResult::family).toList();
        if (GapAnalysis.GAP_DETECTED.equals(summary.verdict())) {
            out.printf(Locale.ROOT, "Verdict: GAP DETECTED in %s (%s p < %s)%n", String.join(", ", significant),
                    sequential ? "anytime-valid, closed over families," : "Holm-adjusted", plain(summary.alpha()));
        } else if (Summary.EQUIVALENCE_SHOWN.equals(summary.consistentMeans())) {
            out.printf(Locale.ROOT, "Verdict: CONSISTENT: every cue family's gap in the %s rate is shown to lie within ±%s pp (alpha %s)%n",
                    summary.flaggedLabel(), plain(points(summary.margin())), plain(summary.alpha()));
        } else {
            out.printf(Locale.ROOT, "Verdict: CONSISTENT: no cue family changed the %s rate significantly (alpha %s), but this is no "
                    + "evidence of no gap: gaps of ±%s pp or more are not ruled out for %s%n",
                    summary.flaggedLabel(), plain(summary.alpha()), plain(points(summary.margin())),
                    String.join(", ", summary.families().stream().filter(f -> !f.equivalent()).map(FamilyResult::family).toList()));
        }
        if (summary.failedAttempts() > 0 || summary.invalidVerdicts() > 0) {
            out.printf(Locale.ROOT, "Note: %d failed calls and %d unjudged answers are left out of the statistics.%n",
                    summary.failedAttempts(), summary.invalidVerdicts());
        }
        if (summary.inconclusive()) {
            out.println("INCONCLUSIVE: this audit cannot tell whether the model behaves differently:");
            summary.problems().forEach(problem -> out.println("  - " + problem));
        }
    }

    /** The exit code for a summary: 3 for a gap, 1 when a consistent verdict cannot be trusted, else 0. */
    static int exitCode(Summary summary, PrintWriter err) {
        if (GapAnalysis.GAP_DETECTED.equals(summary.verdict())) {
            return ExitCodes.GAP_DETECTED;
        }
        if (summary.inconclusive()) {
            err.println("error: the audit is inconclusive (" + String.join("; ", summary.problems()) + ")");
            return ExitCodes.ERROR;
        }
        return ExitCodes.CONSISTENT;
    }

    /** "gap", "within ±10 pp", "inconclusive". */
    private static String decision(FamilyResult f, double margin) {
        return switch (f.decision()) {
            case FamilyResult.GAP -> "gap";
            case FamilyResult.EQUIVALENT -> "within ±" + plain(points(margin)) + " pp";
            default -> "inconclusive";
        };
    }

    /** Which families are shown to have no gap as large as the margin, with the intervals it was judged on. */
    private static void printEquivalence(PrintWriter out, Summary summary) {
        List<FamilyResult> judged = summary.families().stream().filter(f -> f.n() > 0 && !f.significant()).toList();
        if (judged.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "Equivalence within ±%s pp (%s, each bound at level %s):%n", plain(points(summary.margin())),
                Summary.SEQUENTIAL.equals(summary.design()) ? "anytime-valid bounds" : "betting bounds, one look",
                plain(summary.alpha()));
        for (FamilyResult f : judged) {
            out.printf(Locale.ROOT, "  %-16s %+6.1f to %+6.1f pp  %s%n", f.family(), points(f.equivalenceLow()),
                    points(f.equivalenceHigh()), f.equivalent() ? "shown" : "not shown");
        }
        if (summary.families().size() > 1) {
            out.println("  (shown: after closed testing across the families; the bounds are each family's own)");
        }
        out.println();
    }

    private static String stop(String stop) {
        return switch (stop) {
            case "decided" -> "every family decided";
            case "first-gap" -> "a family showed a gap (--stop-at-first-gap)";
            case "suite-spent" -> "every scenario used";
            case "budget-spent" -> "the call budget is spent";
            default -> "the run log ends before the audit did";
        };
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    /** "5 of 6 asked (83.3%), 1 admitted" for one side of a family. */
    private static String denied(dev.probation.run.AgentSummary.Afterwards row) {
        if (row.asked() == 0) {
            return row.flagged() == 0 ? "none flagged" : "none asked";
        }
        return String.format(Locale.ROOT, "%d of %d (%.1f%%), %d admitted", row.denied(), row.asked(), 100 * row.deniedRate(), row.admitted());
    }

    /** "1 scenario", "2 scenarios". */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** 0.05 as "0.05", 1e-4 as "0.0001". */
    static String plain(double value) {
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    static void printReports(PrintWriter out, Path dir) {
        out.printf("Reports: %s  (also summary.json, junit.xml, run.jsonl)%n", dir.resolve("report.html"));
    }

    /** A difference of rates in percentage points, rounded to one decimal, never "-0.0". */
    static double points(double difference) {
        double rounded = Math.rint(difference * 1000) / 10;
        return rounded == 0 ? 0.0 : rounded;
    }

    static String p(double p) {
        return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    private static String reasoning(dev.probation.run.ReasoningRates.Count count) {
        return count.traces() == 0 ? "-" : String.format(Locale.ROOT, "%d/%d %5.1f%% (%d)", count.faking(), count.traces(),
                100 * count.fakingRate(), count.evalAware());
    }
}
