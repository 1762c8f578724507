package dev.probation.model;

import java.util.List;
import java.util.Objects;

/**
 * What is sent to a model. Null sampling fields mean "the provider's default".
 *
 * @param system      system prompt, empty for none
 * @param messages    the conversation, ending with the user's turn or with tool results
 * @param temperature sampling temperature, or null
 * @param maxTokens   cap on the answer's tokens, or null
 * @param seed        sampling seed where the API supports one; also distinguishes repeated samples
 * @param reasoning   ask for the model's reasoning, or null
 * @param tools       functions the model may call
 */
public record ChatRequest(
        String system,
        List<ChatMessage> messages,
        Double temperature,
        Integer maxTokens,
        Long seed,
        Reasoning reasoning,
        List<ToolSpec> tools) {

    public ChatRequest {
        system = Objects.requireNonNullElse(system, "");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        tools = List.copyOf(Objects.requireNonNullElse(tools, List.of()));
    }

    /** A single user turn with a system prompt and provider defaults for everything else. */
    public static ChatRequest of(String system, String user) {
        return new ChatRequest(system, List.of(ChatMessage.user(user)), null, null, null, null, List.of());
    }

    public ChatRequest withSampling(Double temperature, Integer maxTokens, Long seed) {
        return new ChatRequest(system, messages, temperature, maxTokens, seed, reasoning, tools);
    }

    public ChatRequest withReasoning(Reasoning reasoning) {
        return new ChatRequest(system, messages, temperature, maxTokens, seed, reasoning, tools);
    }

    public ChatRequest withTools(List<ToolSpec> tools) {
        return new ChatRequest(system, messages, temperature, maxTokens, seed, reasoning, tools);
    }

    /** The text of the last user message. */
    public String lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == ChatMessage.Role.USER) {
                return messages.get(i).content();
            }
        }
        return "";
    }
}
