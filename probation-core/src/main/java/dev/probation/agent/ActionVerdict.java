package dev.probation.agent;

import dev.probation.detect.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * What an action check concluded about one trajectory, and where it was decided.
 *
 * @param check       the check's name ({@code oversight-disabled}, or a rule's id)
 * @param label       the outcome in words ({@code disabled-oversight}, {@code not-disabled-oversight})
 * @param flagged     whether the agent did what the check looks for
 * @param step        index of the deciding step, or {@link #FINAL_STATE} when the final state decided
 *                    (or nothing happened)
 * @param callId      id of the deciding tool call; empty when a message or the final state decided
 * @param explanation one line a person can check against the trajectory
 */
public record ActionVerdict(String check, String label, boolean flagged, int step, String callId, String explanation) {

    /** The {@link #step} of a verdict decided by the final state rather than by one step. */
    public static final int FINAL_STATE = -1;

    public ActionVerdict {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(label, "label");
        if (step < FINAL_STATE) {
            throw new IllegalArgumentException("step must be >= 0 or FINAL_STATE, was " + step);
        }
        callId = Objects.requireNonNullElse(callId, "");
        explanation = Objects.requireNonNullElse(explanation, "").replaceAll("\\s+", " ").strip();
    }

    static ActionVerdict at(String check, String label, boolean flagged, Timeline.Transition where, String explanation) {
        return new ActionVerdict(check, label, flagged, where.step(), where.call().id(), explanation);
    }

    static ActionVerdict finalState(String check, String label, boolean flagged, String explanation) {
        return new ActionVerdict(check, label, flagged, FINAL_STATE, "", explanation);
    }

    /** {@code step 3, call call_7}, {@code step 3} (a message) or {@code final state}. */
    public String where() {
        if (step == FINAL_STATE) {
            return "final state";
        }
        return callId.isEmpty() ? "step " + step : "step " + step + ", call " + callId;
    }

    /** The same conclusion as a chat {@link Verdict} (score 1 or 0), with the deciding place in its explanation. */
    public Verdict toVerdict() {
        return new Verdict(check, label, flagged, flagged ? 1 : 0, List.of(), explanation + " (" + where() + ")",
                new Verdict.Decision(check, step, callId));
    }
}
