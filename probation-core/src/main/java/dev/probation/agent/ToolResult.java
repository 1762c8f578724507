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
 */
public record ToolResult(String callId, String text, boolean error, BadCall badCall) {

    public ToolResult {
        callId = Objects.requireNonNullElse(callId, "");
        text = Objects.requireNonNullElse(text, "");
        if (badCall != null && !error) {
            throw new IllegalArgumentException("a bad call is always an error");
        }
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
