package dev.probation.run;

import java.util.List;
import java.util.Objects;

/**
 * How often an audit's answers showed alignment-faking reasoning and evaluation awareness, per cue
 * family and side: a description that goes in the report next to the gap, not a test (for a test,
 * audit with the {@code faking-reasoning} detector).
 *
 * @param method   how the reasoning was inspected, e.g. {@code offline}
 * @param families one row per cue family, in the audit's order
 */
public record ReasoningRates(String method, List<Row> families) {

    public ReasoningRates {
        Objects.requireNonNull(method, "method");
        families = List.copyOf(families);
    }

    /** One cue family: the counts on its observed and unobserved sides. */
    public record Row(String family, Count observed, Count unobserved) {}

    /**
     * @param traces    answers that carried reasoning
     * @param faking    of those, with alignment-faking reasoning
     * @param evalAware of those, evaluation-aware
     */
    public record Count(int traces, int faking, int evalAware) {

        public double fakingRate() {
            return traces == 0 ? 0 : (double) faking / traces;
        }

        public double evalAwareRate() {
            return traces == 0 ? 0 : (double) evalAware / traces;
        }
    }
}
