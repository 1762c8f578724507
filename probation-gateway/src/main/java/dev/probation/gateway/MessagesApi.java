package dev.probation.gateway;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Reasoning;
import dev.probation.model.ToolCall;
import dev.probation.model.ToolSpec;
import dev.probation.model.anthropic.AnthropicMessages;
import dev.probation.util.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Messages API for {@link ModelServer}: reads {@code POST /v1/messages} into a chat
 * request, and writes the answer as a message, or as the Messages stream of server-sent events
 * ({@code message_start}, {@code content_block_start}, {@code content_block_delta},
 * {@code content_block_stop}, {@code message_delta}, {@code message_stop}). Thinking, when the
 * client enables it, comes back as a thinking block before the text; tool calls as {@code tool_use}
 * blocks after it, with {@code stop_reason: tool_use}.
 */
final class MessagesApi {

    /** Thinking blocks carry a signature that clients send back unchanged; ours only marks where it came from. */
    private static final String SIGNATURE = "probation-serve";
    /** How many characters of a call's input go in one streamed fragment. */
    private static final int ARGUMENT_PIECE = 16;

    private MessagesApi() {}

    /**
     * Reads the request: the system prompt (text or text blocks), the tools, and the turns (text or
     * content blocks). An assistant's {@code tool_use} blocks become its tool calls; a user turn's
     * {@code tool_result} blocks become tool messages, before the turn's text.
     */
    static ChatRequest request(JsonNode body) {
        if (!body.path("max_tokens").isNumber()) {
            throw new IllegalArgumentException("max_tokens: a number is required");
        }
        if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
            throw new IllegalArgumentException("messages: a non-empty array is required");
        }
        List<ChatMessage> messages = new ArrayList<>();
        Map<String, String> calledTools = new HashMap<>();
        int index = 0;
        for (JsonNode message : body.path("messages")) {
            String field = "messages[" + index + "].content";
            String content = text(message.path("content"), field);
            switch (message.path("role").asString("")) {
                case "user" -> {
                    messages.addAll(toolResults(message.path("content"), calledTools, field));
                    if (!content.isEmpty() || messages.isEmpty() || messages.getLast().role() != ChatMessage.Role.TOOL) {
                        messages.add(ChatMessage.user(content));
                    }
                }
                case "assistant" -> {
                    List<ToolCall> calls = toolUses(message.path("content"), field);
                    calls.forEach(call -> calledTools.put(call.id(), call.name()));
                    messages.add(ChatMessage.assistant(content, calls));
                }
                default -> throw new IllegalArgumentException("messages[" + index + "].role: must be user or assistant, not '"
                        + message.path("role").asString("") + "'");
            }
            index++;
        }
        JsonNode thinking = body.path("thinking");
        Reasoning reasoning = "enabled".equals(thinking.path("type").asString(""))
                ? new Reasoning(null, Math.max(0, thinking.path("budget_tokens").asInt(0))) : null;
        Double temperature = body.path("temperature").isNumber() ? body.path("temperature").asDouble() : null;
        return new ChatRequest(text(body.path("system"), "system"), messages, temperature, body.path("max_tokens").asInt(), null,
                reasoning, tools(body.path("tools")));
    }

    /** {@code tools}: each {@code {"name":..,"description":..,"input_schema":{..}}}. */
    private static List<ToolSpec> tools(JsonNode tools) {
        List<ToolSpec> specs = new ArrayList<>();
        for (JsonNode tool : tools) {
            String name = tool.path("name").asString("");
            if (name.isBlank()) {
                throw new IllegalArgumentException("tools[" + specs.size() + "].name: a tool needs a name");
            }
            JsonNode schema = tool.path("input_schema");
            specs.add(new ToolSpec(name, tool.path("description").asString(""), schema.isObject() ? schema.toString() : null));
        }
        return specs;
    }

    /** The {@code tool_use} blocks of an assistant turn, their input kept as JSON text. */
    private static List<ToolCall> toolUses(JsonNode content, String field) {
        List<ToolCall> calls = new ArrayList<>();
        int index = 0;
        for (JsonNode block : content.isArray() ? content : Json.MAPPER.createArrayNode()) {
            if ("tool_use".equals(block.path("type").asString(""))) {
                String id = block.path("id").asString("");
                if (id.isBlank()) {
                    throw new IllegalArgumentException(field + "[" + index + "].id: a tool_use block needs an id");
                }
                JsonNode input = block.path("input");
                calls.add(new ToolCall(id, block.path("name").asString(""), input.isMissingNode() ? "{}" : input.toString()));
            }
            index++;
        }
        return calls;
    }

    /** The {@code tool_result} blocks of a user turn, one tool message each. */
    private static List<ChatMessage> toolResults(JsonNode content, Map<String, String> calledTools, String field) {
        List<ChatMessage> results = new ArrayList<>();
        int index = 0;
        for (JsonNode block : content.isArray() ? content : Json.MAPPER.createArrayNode()) {
            if ("tool_result".equals(block.path("type").asString(""))) {
                String id = block.path("tool_use_id").asString("");
                if (id.isBlank()) {
                    throw new IllegalArgumentException(field + "[" + index + "].tool_use_id: a tool_result block needs the id"
                            + " of the tool_use it answers");
                }
                results.add(new ChatMessage(ChatMessage.Role.TOOL, text(block.path("content"), field + "[" + index + "].content"),
                        List.of(), id, calledTools.getOrDefault(id, ""), block.path("is_error").asBoolean(false)));
            }
            index++;
        }
        return results;
    }

    /** A string, or the text of a list of content blocks (tool calls and results are read apart, other blocks skipped). */
    private static String text(JsonNode content, String field) {
        if (content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.asString();
        }
        if (!content.isArray()) {
            throw new IllegalArgumentException(field + ": expected text or a list of content blocks");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            String part = "text".equals(block.path("type").asString("")) ? block.path("text").asString("") : "";
            if (!part.isEmpty()) {
                text.append(text.isEmpty() ? "" : "\n\n").append(part);
            }
        }
        return text.toString();
    }

    /** The answer as one message. */
    static void reply(Context ctx, String id, String model, ChatResponse answer) {
        ObjectNode message = message(id, model);
        ArrayNode content = message.putArray("content");
        if (!answer.reasoning().isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", answer.reasoning()).put("signature", SIGNATURE);
        }
        if (!answer.text().isEmpty() || answer.toolCalls().isEmpty()) {
            content.addObject().put("type", "text").put("text", answer.text());
        }
        for (ToolCall call : answer.toolCalls()) {
            content.addObject().put("type", "tool_use").put("id", id(call)).put("name", call.name()).set("input", AnthropicMessages.toolInput(call.argumentsJson()));
        }
        message.put("stop_reason", stopReason(answer)).putNull("stop_sequence");
        usage(message, answer, answer.usage().outputTokens() + answer.usage().reasoningTokens());
        ctx.contentType("application/json").result(message.toString());
    }

    /** The answer as the Messages stream: one block of thinking (if any), one of text, a piece of text per event. */
    static void stream(Context ctx, String id, String model, ChatResponse answer) throws IOException {
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        OutputStream out = ctx.res().getOutputStream();
        ObjectNode start = message(id, model);
        start.putArray("content");
        start.putNull("stop_reason").putNull("stop_sequence");
        usage(start, answer, 1);
        event(out, "message_start", Json.MAPPER.createObjectNode().put("type", "message_start").set("message", start));
        int index = 0;
        if (!answer.reasoning().isEmpty()) {
            block(out, index++, "thinking", "thinking_delta", answer.reasoning());
        }
        if (!answer.text().isEmpty() || answer.toolCalls().isEmpty()) {
            block(out, index++, "text", "text_delta", answer.text());
        }
        for (ToolCall call : answer.toolCalls()) {
            toolUse(out, index++, call);
        }
        ObjectNode delta = Json.MAPPER.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason(answer)).putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", answer.usage().outputTokens() + answer.usage().reasoningTokens());
        event(out, "message_delta", delta);
        event(out, "message_stop", Json.MAPPER.createObjectNode().put("type", "message_stop"));
    }

    private static void block(OutputStream out, int index, String type, String deltaType, String text) throws IOException {
        ObjectNode start = Json.MAPPER.createObjectNode().put("type", "content_block_start").put("index", index);
        ObjectNode block = start.putObject("content_block").put("type", type).put(type, "");
        if (type.equals("thinking")) {
            block.put("signature", "");
        }
        event(out, "content_block_start", start);
        for (String piece : ModelServer.pieces(text)) {
            ObjectNode delta = Json.MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index);
            delta.putObject("delta").put("type", deltaType).put(type, piece);
            event(out, "content_block_delta", delta);
        }
        if (type.equals("thinking")) {
            ObjectNode signature = Json.MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index);
            signature.putObject("delta").put("type", "signature_delta").put("signature", SIGNATURE);
            event(out, "content_block_delta", signature);
        }
        event(out, "content_block_stop", Json.MAPPER.createObjectNode().put("type", "content_block_stop").put("index", index));
    }

    /** A {@code tool_use} block streamed: its input as {@code input_json_delta} fragments, as the API sends it. */
    private static void toolUse(OutputStream out, int index, ToolCall call) throws IOException {
        ObjectNode start = Json.MAPPER.createObjectNode().put("type", "content_block_start").put("index", index);
        start.putObject("content_block").put("type", "tool_use").put("id", id(call)).put("name", call.name()).putObject("input");
        event(out, "content_block_start", start);
        String json = AnthropicMessages.toolInput(call.argumentsJson()).toString();
        for (int from = 0; from < json.length(); from += ARGUMENT_PIECE) {
            ObjectNode delta = Json.MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index);
            delta.putObject("delta").put("type", "input_json_delta")
                    .put("partial_json", json.substring(from, Math.min(json.length(), from + ARGUMENT_PIECE)));
            event(out, "content_block_delta", delta);
        }
        event(out, "content_block_stop", Json.MAPPER.createObjectNode().put("type", "content_block_stop").put("index", index));
    }

    /** A call's id, or a fresh one when the model gave none: its result must be able to name it. */
    private static String id(ToolCall call) {
        return call.id().isBlank() ? "toolu_" + UUID.randomUUID().toString().replace("-", "") : call.id();
    }

    /** The answer with an id on every tool call, as it will be sent (and held for a thread). */
    static ChatResponse withCallIds(ChatResponse answer) {
        if (answer.toolCalls().stream().noneMatch(call -> call.id().isBlank())) {
            return answer;
        }
        List<ToolCall> calls = answer.toolCalls().stream().map(call -> new ToolCall(id(call), call.name(), call.argumentsJson())).toList();
        return new ChatResponse(answer.text(), answer.reasoning(), calls, answer.finishReason(), answer.usage(), answer.model());
    }

    /** A fresh message id, which a thread's next turn quotes. */
    static String newMessageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static ObjectNode message(String id, String model) {
        return Json.MAPPER.createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
    }

    private static void usage(ObjectNode message, ChatResponse answer, int outputTokens) {
        message.putObject("usage").put("input_tokens", answer.usage().inputTokens()).put("output_tokens", outputTokens);
    }

    private static String stopReason(ChatResponse answer) {
        if (!answer.toolCalls().isEmpty()) {
            return "tool_use";
        }
        return switch (answer.finishReason()) {
            case "length" -> "max_tokens";
            case "tool_calls" -> "tool_use";
            default -> "end_turn";
        };
    }

    private static void event(OutputStream out, String name, ObjectNode data) throws IOException {
        out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** An error as Anthropic shapes it: {@code {"type":"error","error":{"type":...,"message":...}}}. */
    static void error(Context ctx, int status, String type, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
