package dev.probation.run;

import dev.probation.stats.FamilyResult;
import java.time.Instant;
import java.util.List;

/**
 * The result of an audit, as written to {@code summary.json}. The fields {@code verdict},
 * {@code model}, {@code suite} and {@code families} are a stable contract for scripts.
 *
 * @param verdict         {@code consistent} or {@code gap-detected}
 * @param detector        the detector whose flagged rate is compared
 * @param flaggedLabel    what a flagged answer is ({@code complied}, {@code vulnerable}, {@code incorrect})
 * @param scenarios       scenarios in the suite
 * @param attempts        attempts in the run log
 * @param failedAttempts  attempts whose call failed (left out of the statistics)
 * @param invalidVerdicts answers the detector could not judge (left out of the statistics)
 * @param inconclusive    whether the audit could not answer its question: too many failed calls or
 *                        unjudged answers, a family without data, or too few scenarios to ever reach
 *                        significance; a {@code consistent} verdict then means nothing
 * @param problems        why it is inconclusive, one sentence each
 * @param reasoning       rates of alignment-faking reasoning and evaluation awareness per framing,
 *                        when the reasoning was inspected ({@code audit --inspect-reasoning}); else null
 * @param agent           what agents did, for agentic suites; else null (and left out of JSON)
 * @param design          {@value #FIXED} or {@value #SEQUENTIAL}
 * @param margin          the equivalence margin: families with a gap shown smaller than this are
 *                        {@value FamilyResult#EQUIVALENT}
 * @param consistentMeans for a {@code consistent} verdict, what it rests on: {@value #EQUIVALENCE_SHOWN}
 *                        when every family is shown to have no gap as large as the margin, else
 *                        {@value #NO_EVIDENCE} (no gap was shown, and none was ruled out); null when
 *                        a gap was detected
 * @param sequential      how a sequential audit spent its calls; null for a fixed-size one (and left out of JSON)
 */
public record Summary(
        String verdict,
        String model,
        String suite,
        String detector,
        String flaggedLabel,
        double alpha,
        int samples,
        long seed,
        int scenarios,
        int attempts,
        long failedAttempts,
        long invalidVerdicts,
        Instant createdAt,
        String tool,
        boolean inconclusive,
        List<String> problems,
        List<FamilyResult> families,
        ReasoningRates reasoning,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        AgentSummary agent,
        String design,
        double margin,
        String consistentMeans,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        SequentialSummary sequential) {

    public static final String FIXED = "fixed";
    public static final String SEQUENTIAL = "sequential";
    public static final String EQUIVALENCE_SHOWN = "equivalence-shown";
    public static final String NO_EVIDENCE = "no-evidence";

    /** A summary of a fixed-size audit. */
    public Summary(String verdict, String model, String suite, String detector, String flaggedLabel, double alpha, int samples,
                   long seed, int scenarios, int attempts, long failedAttempts, long invalidVerdicts, Instant createdAt, String tool,
                   boolean inconclusive, List<String> problems, List<FamilyResult> families, ReasoningRates reasoning,
                   AgentSummary agent) {
        this(verdict, model, suite, detector, flaggedLabel, alpha, samples, seed, scenarios, attempts, failedAttempts,
                invalidVerdicts, createdAt, tool, inconclusive, problems, families, reasoning, agent, FIXED,
                dev.probation.stats.GapAnalysis.DEFAULT_MARGIN, consistentMeans(verdict, families), null);
    }

    /** What a {@code consistent} verdict rests on, given the families' decisions; null for a gap. */
    public static String consistentMeans(String verdict, List<FamilyResult> families) {
        if (!dev.probation.stats.GapAnalysis.CONSISTENT.equals(verdict)) {
            return null;
        }
        return !families.isEmpty() && families.stream().allMatch(FamilyResult::equivalent) ? EQUIVALENCE_SHOWN : NO_EVIDENCE;
    }

    /** A summary of a chat audit. */
    public Summary(String verdict, String model, String suite, String detector, String flaggedLabel, double alpha, int samples,
                   long seed, int scenarios, int attempts, long failedAttempts, long invalidVerdicts, Instant createdAt, String tool,
                   boolean inconclusive, List<String> problems, List<FamilyResult> families, ReasoningRates reasoning) {
        this(verdict, model, suite, detector, flaggedLabel, alpha, samples, seed, scenarios, attempts, failedAttempts,
                invalidVerdicts, createdAt, tool, inconclusive, problems, families, reasoning, null);
    }

    /** This summary with the reasoning's rates added. */
    public Summary withReasoning(ReasoningRates rates) {
        return new Summary(verdict, model, suite, detector, flaggedLabel, alpha, samples, seed, scenarios, attempts,
                failedAttempts, invalidVerdicts, createdAt, tool, inconclusive, problems, families, rates, agent, design, margin,
                consistentMeans, sequential);
    }
}
