package dev.probation.testing;

import java.util.List;
import java.util.Objects;

/**
 * What {@link FakeModelServer} answers: the text, reasoning sent the way each API sends it, and tool
 * calls: OpenAI {@code tool_calls} with finish reason {@code tool_calls} (plain answers only), Anthropic
 * {@code tool_use} blocks with stop reason {@code tool_use} (plain and streamed).
 */
public record Reply(String text, String reasoning, List<Call> toolCalls) {

    /**
     * A tool call to answer with.
     *
     * @param arguments the arguments as sent to OpenAI clients, verbatim (even when not JSON); Anthropic
     *                  answers carry them as the {@code input} object, so there they must be a JSON object
     */
    public record Call(String id, String name, String arguments) {}

    public Reply {
        toolCalls = List.copyOf(Objects.requireNonNullElse(toolCalls, List.of()));
    }

    public Reply(String text, String reasoning) {
        this(text, reasoning, List.of());
    }

    public static Reply text(String text) {
        return new Reply(text, "");
    }

    /** Calls tools, with {@code text} alongside (empty for none). */
    public static Reply toolCalls(String text, Call... calls) {
        return new Reply(text, "", List.of(calls));
    }
}
