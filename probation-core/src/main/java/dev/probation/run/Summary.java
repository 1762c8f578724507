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
        AgentSummary agent) {

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
                failedAttempts, invalidVerdicts, createdAt, tool, inconclusive, problems, families, rates, agent);
    }
}
