package dev.probation.model.anthropic;

import dev.probation.model.ChatMessage;
import dev.probation.model.ToolCall;
import dev.probation.util.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code messages} of a Messages API request. The API knows two roles and wants them to
 * alternate: tool results travel as {@code tool_result} blocks in a user turn (all results of one
 * assistant turn in the same user turn, before any text), tool calls as {@code tool_use} blocks in
 * the assistant's turn, and consecutive turns of the same role are merged. A turn that is one piece
 * of text is sent as a plain string, as before tools existed.
 */
final class AnthropicTurns {

    private AnthropicTurns() {}

    static void write(List<ChatMessage> conversation, ArrayNode messages) {
        String role = null;
        List<ObjectNode> results = new ArrayList<>();
        List<ObjectNode> blocks = new ArrayList<>();
        for (ChatMessage message : conversation) {
            String next = message.role() == ChatMessage.Role.ASSISTANT ? "assistant" : "user";
            if (role != null && !role.equals(next)) {
                turn(messages, role, results, blocks);
            }
            role = next;
            switch (message.role()) {
                case TOOL -> results.add(toolResult(message));
                case ASSISTANT -> {
                    text(blocks, message.content());
                    message.toolCalls().forEach(call -> blocks.add(toolUse(call)));
                }
                case USER -> text(blocks, message.content());
            }
        }
        turn(messages, role, results, blocks);
    }

    private static void turn(ArrayNode messages, String role, List<ObjectNode> results, List<ObjectNode> blocks) {
        List<ObjectNode> content = new ArrayList<>(results);
        content.addAll(blocks);
        results.clear();
        blocks.clear();
        ObjectNode turn = messages.addObject().put("role", role);
        if (content.isEmpty()) {
            turn.put("content", ""); // an empty turn stays what it was; the API will say if it minds
        } else if (content.size() == 1 && "text".equals(content.getFirst().path("type").asString(""))) {
            turn.put("content", content.getFirst().path("text").asString());
        } else {
            turn.putArray("content").addAll(content);
        }
    }

    /** A text block; the API rejects empty ones, and an assistant turn that only calls tools has none. */
    private static void text(List<ObjectNode> blocks, String text) {
        if (!text.isEmpty()) {
            blocks.add(Json.MAPPER.createObjectNode().put("type", "text").put("text", text));
        }
    }

    private static ObjectNode toolResult(ChatMessage message) {
        return Json.MAPPER.createObjectNode().put("type", "tool_result").put("tool_use_id", message.toolCallId())
                .put("content", message.content()).put("is_error", message.error());
    }

    private static ObjectNode toolUse(ToolCall call) {
        ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_use").put("id", call.id()).put("name", call.name());
        block.set("input", input(call.argumentsJson()));
        return block;
    }

    /**
     * The input object. Arguments that are not a JSON object (a call another provider's model wrote
     * badly) cannot be sent as they are, so they travel as {@code {"raw_arguments": text}}.
     */
    static JsonNode input(String argumentsJson) {
        if (argumentsJson.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode input = Json.MAPPER.readTree(argumentsJson);
            if (input.isObject()) {
                return input;
            }
        } catch (JacksonException e) {
            // not JSON: kept as text below
        }
        return Json.MAPPER.createObjectNode().put("raw_arguments", argumentsJson);
    }
}
