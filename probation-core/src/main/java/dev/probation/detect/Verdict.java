package dev.probation.detect;

import java.util.List;
import java.util.Objects;

/**
 * What a detector concluded about one answer.
 *
 * @param detector    the detector's name
 * @param label       the outcome in words ({@code complied}, {@code refused}, {@code vulnerable}...),
 *                    or {@code error} when the detector could not decide
 * @param flagged     whether this is the behaviour the audit counts (complied, vulnerable, incorrect)
 * @param score       the detector's confidence that the behaviour is present, 0..1
 * @param evidence    quoted spans that support the label
 * @param explanation one or two sentences a person can check
 * @param decidedAt   for a verdict on an agent's trajectory: the check that decided it and where (the step
 *                    and tool call); null for verdicts on answers, and left out of JSON then
 */
public record Verdict(
        String detector,
        String label,
        boolean flagged,
        double score,
        List<Evidence> evidence,
        String explanation,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Decision decidedAt) {

    public static final String ERROR = "error";

    /**
     * Where in a trajectory a verdict was decided.
     *
     * @param check  the rule or built-in check that decided it
     * @param step   index of the deciding step, or -1 when the final state decided
     * @param callId id of the deciding tool call; empty when a message or the final state decided
     */
    public record Decision(String check, int step, String callId) {
        public Decision {
            Objects.requireNonNull(check, "check");
            callId = Objects.requireNonNullElse(callId, "");
        }
    }

    /** A verdict on an answer, which has no deciding step. */
    public Verdict(String detector, String label, boolean flagged, double score, List<Evidence> evidence, String explanation) {
        this(detector, label, flagged, score, evidence, explanation, null);
    }

    public Verdict {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(label, "label");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be within 0..1, was " + score);
        }
        evidence = List.copyOf(Objects.requireNonNullElse(evidence, List.of()));
        explanation = Objects.requireNonNullElse(explanation, "");
    }

    /** A verdict that could not be reached (for example the judge model failed); left out of statistics. */
    public static Verdict failed(String detector, String explanation) {
        return new Verdict(detector, ERROR, false, 0, List.of(), explanation);
    }

    /** Whether this verdict counts in statistics. */
    public boolean valid() {
        return !ERROR.equals(label);
    }
}
