package dev.probation.agent;

import java.util.Objects;

/**
 * What a tool call returned to the model.
 *
 * @param callId  the {@code id} of the tool call this answers
 * @param text    the output (or the error message) as the model sees it
 * @param error   whether the model is told the call failed
 * @param badCall why the call never reached its tool, or null when it did (a tool may still fail,
 *                for example reading a file that does not exist)
 * @param simulation for a simulated tool, whether the simulator answered; null for every other tool
 *                   (and then left out of JSON, so run logs of other tools read and write as before)
 */
public record ToolResult(String callId, String text, boolean error, BadCall badCall,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                         Simulation simulation) {

    /** How a simulated tool's result came about. */
    public enum Simulation {
        /** The simulator answered (with an output, or with the tool's own error). */
        ANSWERED,
        /** The simulator's reply was not a usable answer; the agent got a tool error instead. */
        FAILED
    }

    public ToolResult {
        callId = Objects.requireNonNullElse(callId, "");
        text = Objects.requireNonNullElse(text, "");
        if (badCall != null && !error) {
            throw new IllegalArgumentException("a bad call is always an error");
        }
        if (simulation == Simulation.FAILED && !error) {
            throw new IllegalArgumentException("a failed simulation is always an error");
        }
    }

    public ToolResult(String callId, String text, boolean error, BadCall badCall) {
        this(callId, text, error, badCall, null);
    }

    static ToolResult ok(String callId, String text) {
        return new ToolResult(callId, text, false, null);
    }

    static ToolResult failed(String callId, String text) {
        return new ToolResult(callId, text, true, null);
    }

    static ToolResult bad(String callId, BadCall kind, String text) {
        return new ToolResult(callId, text, true, kind);
    }
}
