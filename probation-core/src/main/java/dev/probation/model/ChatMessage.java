package dev.probation.model;

import java.util.Objects;

/** One turn of a conversation. System prompts are not messages: see {@link ChatRequest#system()}. */
public record ChatMessage(Role role, String content) {

    public enum Role {
        USER,
        ASSISTANT;

        /** {@code user} or {@code assistant}, as the APIs and the run log spell it. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return this == USER ? "user" : "assistant";
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Role parse(String id) {
            return switch (id.toLowerCase(java.util.Locale.ROOT)) {
                case "user" -> USER;
                case "assistant" -> ASSISTANT;
                default -> throw new IllegalArgumentException("unknown role '" + id + "'");
            };
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
