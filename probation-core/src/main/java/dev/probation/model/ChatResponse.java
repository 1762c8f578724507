package dev.probation.model;

import java.util.List;
import java.util.Objects;

/**
 * A model's answer. Reasoning returned by the API ({@code reasoning_content}, thinking blocks) and
 * scratchpads are kept apart from the answer text.
 *
 * @param text         the answer, without reasoning
 * @param reasoning    reasoning text, empty if none
 * @param toolCalls    function calls the model made
 * @param finishReason why generation stopped, as the API said it ({@code stop}, {@code length}...)
 * @param usage        token counts
 * @param model        the model id the API reported, or the requested one
 */
public record ChatResponse(
        String text,
        String reasoning,
        List<ToolCall> toolCalls,
        String finishReason,
        Usage usage,
        String model) {

    public ChatResponse {
        text = Objects.requireNonNullElse(text, "");
        reasoning = Objects.requireNonNullElse(reasoning, "");
        toolCalls = List.copyOf(Objects.requireNonNullElse(toolCalls, List.of()));
        finishReason = Objects.requireNonNullElse(finishReason, "");
        usage = Objects.requireNonNullElse(usage, Usage.NONE);
        model = Objects.requireNonNullElse(model, "");
    }

    public static ChatResponse of(String text) {
        return new ChatResponse(text, "", List.of(), "stop", Usage.NONE, "");
    }

    public ChatResponse withText(String text, String reasoning) {
        return new ChatResponse(text, reasoning, toolCalls, finishReason, usage, model);
    }
}
