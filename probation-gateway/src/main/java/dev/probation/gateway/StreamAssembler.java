package dev.probation.gateway;

import dev.probation.model.ChatResponse;
import dev.probation.model.ToolCall;
import dev.probation.model.Usage;
import dev.probation.model.openai.ChatCompletions;
import dev.probation.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Rebuilds one answer from the server-sent events of a streamed response: OpenAI's
 * {@code chat.completion.chunk} events (content and reasoning deltas, tool-call fragments, the
 * finish reason, the usage chunk) or Anthropic's Messages events ({@code message_start},
 * {@code content_block_*}, {@code message_delta}, {@code message_stop}). Unreadable events are
 * skipped: the stream was passed on to the client as it was.
 */
final class StreamAssembler {

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final Map<Integer, String[]> calls = new TreeMap<>();
    private String finishReason = "";
    private String model = "";
    private String messageId = "";
    private Usage usage = Usage.NONE;
    private String error;
    private boolean done;

    /** The answer in {@code events}, the whole body of an event stream. */
    static StreamAssembler of(String events) {
        StreamAssembler assembler = new StreamAssembler();
        StringBuilder data = new StringBuilder();
        for (String line : events.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                assembler.event(data);
                data.setLength(0);
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
        }
        assembler.event(data);
        return assembler;
    }

    private void event(StringBuilder data) {
        String payload = data.toString().strip();
        if (payload.isEmpty()) {
            return;
        }
        if (payload.equals("[DONE]")) {
            done = true;
            return;
        }
        JsonNode chunk;
        try {
            chunk = Json.MAPPER.readTree(payload);
        } catch (JacksonException e) {
            return; // passed on to the client as it was; nothing to rebuild from it
        }
        if (chunk.has("error")) {
            error = chunk.path("error").path("message").asString(chunk.path("error").toString());
            return;
        }
        if (chunk.path("type").isString() && !chunk.has("choices")) {
            anthropic(chunk);
            return;
        }
        if (chunk.path("model").isString()) {
            model = chunk.path("model").asString();
        }
        JsonNode tokens = chunk.path("usage");
        if (tokens.isObject()) {
            usage = new Usage(tokens.path("prompt_tokens").asInt(0), tokens.path("completion_tokens").asInt(0),
                    tokens.path("completion_tokens_details").path("reasoning_tokens").asInt(0));
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        if (delta.path("content").isString()) {
            text.append(delta.path("content").asString());
        }
        reasoning.append(ChatCompletions.firstText(delta, "reasoning_content", "reasoning", "thinking"));
        for (JsonNode call : delta.path("tool_calls")) {
            String[] parts = calls.computeIfAbsent(call.path("index").asInt(calls.size()), i -> new String[] {"", "", ""});
            if (call.path("id").isString()) {
                parts[0] = call.path("id").asString();
            }
            JsonNode function = call.path("function");
            if (function.path("name").isString()) {
                parts[1] += function.path("name").asString();
            }
            if (function.path("arguments").isString()) {
                parts[2] += function.path("arguments").asString();
            }
        }
        if (choice.path("finish_reason").isString()) {
            finishReason = choice.path("finish_reason").asString();
        }
    }

    /** One Anthropic event; its kind is in {@code type}. */
    private void anthropic(JsonNode event) {
        switch (event.path("type").asString("")) {
            case "message_start" -> {
                JsonNode message = event.path("message");
                messageId = message.path("id").asString("");
                if (message.path("model").isString()) {
                    model = message.path("model").asString();
                }
                usage = new Usage(message.path("usage").path("input_tokens").asInt(0),
                        message.path("usage").path("output_tokens").asInt(0), 0);
            }
            case "content_block_start" -> {
                JsonNode block = event.path("content_block");
                if ("tool_use".equals(block.path("type").asString(""))) {
                    calls.put(event.path("index").asInt(calls.size()),
                            new String[] {block.path("id").asString(""), block.path("name").asString(""), ""});
                } else if ("thinking".equals(block.path("type").asString("")) && !reasoning.isEmpty()) {
                    reasoning.append("\n\n");
                }
            }
            case "content_block_delta" -> {
                JsonNode delta = event.path("delta");
                switch (delta.path("type").asString("")) {
                    case "text_delta" -> text.append(delta.path("text").asString(""));
                    case "thinking_delta" -> reasoning.append(delta.path("thinking").asString(""));
                    case "input_json_delta" -> {
                        String[] call = calls.get(event.path("index").asInt(-1));
                        if (call != null) {
                            call[2] += delta.path("partial_json").asString("");
                        }
                    }
                    default -> { } // signatures and future delta kinds carry no answer text
                }
            }
            case "message_delta" -> {
                if (event.path("delta").path("stop_reason").isString()) {
                    finishReason = event.path("delta").path("stop_reason").asString();
                }
                if (event.path("usage").path("output_tokens").isNumber()) {
                    usage = new Usage(usage.inputTokens(), event.path("usage").path("output_tokens").asInt(), 0);
                }
            }
            case "message_stop" -> done = true;
            default -> { } // ping, and event kinds added later
        }
    }

    /** The Anthropic message's id (from {@code message_start}), which a thread's next turn quotes; empty for OpenAI. */
    String messageId() {
        return messageId;
    }

    ChatResponse response(String requestedModel) {
        List<ToolCall> toolCalls = new ArrayList<>();
        calls.values().forEach(parts -> toolCalls.add(new ToolCall(parts[0], parts[1], parts[2])));
        return new ChatResponse(text.toString(), reasoning.toString(), toolCalls, finishReason, usage,
                model.isEmpty() ? requestedModel : model);
    }

    /** The error an event reported, or null. */
    String error() {
        return error;
    }

    /** Whether the stream ended with {@code [DONE]}. */
    boolean done() {
        return done;
    }
}
