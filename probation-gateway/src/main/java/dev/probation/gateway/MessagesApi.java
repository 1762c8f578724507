package dev.probation.gateway;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Reasoning;
import dev.probation.util.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Messages API for {@link ModelServer}: reads {@code POST /v1/messages} into a chat
 * request, and writes the answer as a message, or as the Messages stream of server-sent events
 * ({@code message_start}, {@code content_block_start}, {@code content_block_delta},
 * {@code content_block_stop}, {@code message_delta}, {@code message_stop}). Thinking, when the
 * client enables it, comes back as a thinking block before the text.
 */
final class MessagesApi {

    /** Thinking blocks carry a signature that clients send back unchanged; ours only marks where it came from. */
    private static final String SIGNATURE = "probation-serve";

    private MessagesApi() {}

    /** Reads the request: the system prompt (text or text blocks) and the turns (text or content blocks). */
    static ChatRequest request(JsonNode body) {
        if (!body.path("max_tokens").isNumber()) {
            throw new IllegalArgumentException("max_tokens: a number is required");
        }
        if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
            throw new IllegalArgumentException("messages: a non-empty array is required");
        }
        List<ChatMessage> messages = new ArrayList<>();
        int index = 0;
        for (JsonNode message : body.path("messages")) {
            String content = text(message.path("content"), "messages[" + index + "].content");
            switch (message.path("role").asString("")) {
                case "user" -> messages.add(ChatMessage.user(content));
                case "assistant" -> messages.add(ChatMessage.assistant(content));
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
                reasoning, List.of());
    }

    /** A string, or the text of a list of content blocks (tool results included, other blocks skipped). */
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
            String part = switch (block.path("type").asString("")) {
                case "text" -> block.path("text").asString("");
                case "tool_result" -> "Tool result: " + text(block.path("content"), field + ".content");
                default -> "";
            };
            if (!part.isEmpty()) {
                text.append(text.isEmpty() ? "" : "\n\n").append(part);
            }
        }
        return text.toString();
    }

    /** The answer as one message. */
    static void reply(Context ctx, String model, ChatResponse answer) {
        ObjectNode message = message(model, answer);
        ArrayNode content = message.putArray("content");
        if (!answer.reasoning().isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", answer.reasoning()).put("signature", SIGNATURE);
        }
        content.addObject().put("type", "text").put("text", answer.text());
        message.put("stop_reason", stopReason(answer)).putNull("stop_sequence");
        usage(message, answer, answer.usage().outputTokens() + answer.usage().reasoningTokens());
        ctx.contentType("application/json").result(message.toString());
    }

    /** The answer as the Messages stream: one block of thinking (if any), one of text, a piece of text per event. */
    static void stream(Context ctx, String model, ChatResponse answer) throws IOException {
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        OutputStream out = ctx.res().getOutputStream();
        ObjectNode start = message(model, answer);
        start.putArray("content");
        start.putNull("stop_reason").putNull("stop_sequence");
        usage(start, answer, 1);
        event(out, "message_start", Json.MAPPER.createObjectNode().put("type", "message_start").set("message", start));
        int index = 0;
        if (!answer.reasoning().isEmpty()) {
            block(out, index++, "thinking", "thinking_delta", answer.reasoning());
        }
        block(out, index, "text", "text_delta", answer.text());
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

    private static ObjectNode message(String model, ChatResponse answer) {
        return Json.MAPPER.createObjectNode().put("id", "msg_" + UUID.randomUUID().toString().replace("-", ""))
                .put("type", "message").put("role", "assistant").put("model", model);
    }

    private static void usage(ObjectNode message, ChatResponse answer, int outputTokens) {
        message.putObject("usage").put("input_tokens", answer.usage().inputTokens()).put("output_tokens", outputTokens);
    }

    private static String stopReason(ChatResponse answer) {
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
