package dev.probation.agent;

import dev.probation.model.ToolCall;
import java.util.List;
import java.util.Objects;

/**
 * One turn of an agent: what the model said, the tools it called, and what they returned.
 *
 * @param index   0-based position in the trajectory
 * @param text    the assistant's message text (may be empty when it only called tools)
 * @param calls   the tool calls of this turn, in the order the model made them
 * @param results one result per call, in the same order
 */
public record Step(int index, String text, List<ToolCall> calls, List<ToolResult> results) {

    public Step {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        text = Objects.requireNonNullElse(text, "");
        calls = List.copyOf(Objects.requireNonNullElse(calls, List.of()));
        results = List.copyOf(Objects.requireNonNullElse(results, List.of()));
        if (calls.size() != results.size()) {
            throw new IllegalArgumentException("step " + index + " has " + calls.size() + " tool calls but "
                    + results.size() + " results");
        }
    }
}
