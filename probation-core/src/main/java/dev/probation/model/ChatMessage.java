package dev.probation.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation. System prompts are not messages: see {@link ChatRequest#system()}.
 *
 * <p>A tool-calling conversation alternates an assistant turn that calls tools
 * ({@link #assistant(String, List)}, parallel calls in one turn) with one {@link Role#TOOL} message
 * per call ({@link #toolResult}, {@link #toolError}). {@code content} is always the text the model
 * sees: the user's words, the assistant's answer, or a tool's result. The tool fields are left out
 * of JSON when empty, so plain turns read and write as {@code {"role":..,"content":..}} as before.
 *
 * @param role       who speaks
 * @param content    the text; empty for an assistant turn that only calls tools
 * @param toolCalls  assistant turns only: the calls the model made, in order
 * @param toolCallId tool turns only: the id of the call this result answers
 * @param toolName   tool turns only: the name of the tool that was called
 * @param error      tool turns only: the call failed (invalid JSON, unknown tool, arguments that
 *                   break the schema, or the tool failed), and {@code content} says why
 */
public record ChatMessage(
        Role role,
        String content,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String toolCallId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String toolName,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean error) {

    public enum Role {
        USER,
        ASSISTANT,
        /** The result of one tool call, sent back to the model. */
        TOOL;

        /** {@code user}, {@code assistant} or {@code tool}, as the OpenAI API and the run log spell it. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return switch (this) {
                case USER -> "user";
                case ASSISTANT -> "assistant";
                case TOOL -> "tool";
            };
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Role parse(String id) {
            return switch (id.toLowerCase(java.util.Locale.ROOT)) {
                case "user" -> USER;
                case "assistant" -> ASSISTANT;
                case "tool" -> TOOL;
                default -> throw new IllegalArgumentException("unknown role '" + id + "'");
            };
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        toolCalls = List.copyOf(Objects.requireNonNullElse(toolCalls, List.of()));
        toolCallId = Objects.requireNonNullElse(toolCallId, "");
        toolName = Objects.requireNonNullElse(toolName, "");
        if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("only an assistant turn can call tools, not a " + role.id() + " turn");
        }
        if (role == Role.TOOL && toolCallId.isBlank()) {
            throw new IllegalArgumentException("a tool result needs the id of the call it answers");
        }
        if (role != Role.TOOL && (!toolCallId.isEmpty() || !toolName.isEmpty() || error)) {
            throw new IllegalArgumentException("toolCallId, toolName and error belong to tool results, not to a "
                    + role.id() + " turn");
        }
    }

    /** A plain turn, with no tool calls or results. */
    public ChatMessage(Role role, String content) {
        this(role, content, List.of(), "", "", false);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }

    /** An assistant turn that calls tools, with the text it wrote alongside (may be empty). */
    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        return new ChatMessage(Role.ASSISTANT, content, toolCalls, "", "", false);
    }

    /** What {@code call} returned. */
    public static ChatMessage toolResult(ToolCall call, String result) {
        return new ChatMessage(Role.TOOL, result, List.of(), call.id(), call.name(), false);
    }

    /** A call that failed, and why: the model sees the message and may try again. */
    public static ChatMessage toolError(ToolCall call, String message) {
        return new ChatMessage(Role.TOOL, message, List.of(), call.id(), call.name(), true);
    }
}
