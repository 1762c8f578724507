package dev.probation.model;

import java.util.Objects;

/** One turn of a conversation. System prompts are not messages: see {@link ChatRequest#system()}. */
public record ChatMessage(Role role, String content) {

    public enum Role {
        USER,
        ASSISTANT;

        public String id() {
            return this == USER ? "user" : "assistant";
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }
}
