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
 */
public record Verdict(
        String detector,
        String label,
        boolean flagged,
        double score,
        List<Evidence> evidence,
        String explanation) {

    public static final String ERROR = "error";

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
