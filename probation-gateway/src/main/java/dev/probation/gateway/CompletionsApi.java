package dev.probation.gateway;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Reasoning;
import dev.probation.model.ToolCall;
import dev.probation.model.ToolSpec;
import dev.probation.model.openai.ChatCompletions;
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
 * OpenAI's chat completions for {@link ModelServer}: reads a request (tools, assistant
 * {@code tool_calls} and {@code tool} results included) into a chat request, and writes the answer
 * as a {@code chat.completion} or as a stream of {@code chat.completion.chunk} events. An answer that
 * calls tools ends with {@code finish_reason: tool_calls}; streamed, each call's arguments come in
 * fragments, as OpenAI sends them.
 */
final class CompletionsApi {

    /** How many characters of a call's arguments go in one streamed fragment. */
    private static final int ARGUMENT_PIECE = 16;
    /** OpenAI has no error flag on a tool result; harnesses (and Probation's client) prefix the text instead. */
    static final String ERROR_PREFIX = "Error: ";

    private CompletionsApi() {}

    /** Reads the messages: system and developer turns become the system prompt, content parts are joined. */
    static ChatRequest request(JsonNode body) {
        if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
            throw new IllegalArgumentException("messages: a non-empty array is required");
        }
        StringBuilder system = new StringBuilder();
        List<ChatMessage> messages = new ArrayList<>();
        Map<String, String> calledTools = new HashMap<>();
        int index = 0;
        for (JsonNode message : body.path("messages")) {
            String role = message.path("role").asString("");
            String field = "messages[" + index + "]";
            String content = ChatCompletions.content(message.path("content"));
            switch (role) {
                case "system", "developer" -> system.append(system.isEmpty() ? "" : "\n\n").append(content);
                case "user" -> messages.add(ChatMessage.user(content));
                case "assistant" -> {
                    List<ToolCall> calls = toolCalls(message.path("tool_calls"), field + ".tool_calls");
                    calls.forEach(call -> calledTools.put(call.id(), call.name()));
                    messages.add(ChatMessage.assistant(content, calls));
                }
                case "tool" -> messages.add(toolResult(message, content, calledTools, field));
                default -> throw new IllegalArgumentException(field + ".role: unknown role '" + role + "'");
            }
            index++;
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages: at least one user message is required");
        }
        Double temperature = body.path("temperature").isNumber() ? body.path("temperature").asDouble() : null;
        JsonNode max = body.has("max_completion_tokens") ? body.path("max_completion_tokens") : body.path("max_tokens");
        Integer maxTokens = max.isNumber() ? max.asInt() : null;
        Long seed = body.path("seed").isNumber() ? body.path("seed").asLong() : null;
        String effort = body.path("reasoning_effort").asString(null);
        Reasoning reasoning = effort == null ? null : new Reasoning(effort, 0);
        return new ChatRequest(system.toString(), messages, temperature, maxTokens, seed, reasoning, tools(body.path("tools")));
    }

    /**
     * {@code tools}: functions, each {@code {"type":"function","function":{"name":..,"parameters":{..}}}}.
     * Other kinds (custom tools with free-form input) are left out: a model served here calls functions.
     */
    static List<ToolSpec> tools(JsonNode tools) {
        List<ToolSpec> specs = new ArrayList<>();
        int index = -1;
        for (JsonNode tool : tools) {
            index++;
            if (!tool.path("type").asString("function").equals("function")) {
                continue;
            }
            JsonNode function = tool.path("function");
            String name = function.path("name").asString("");
            if (name.isBlank()) {
                throw new IllegalArgumentException("tools[" + index + "].function.name: a tool needs a name");
            }
            JsonNode parameters = function.path("parameters");
            specs.add(new ToolSpec(name, function.path("description").asString(""),
                    parameters.isObject() ? parameters.toString() : null));
        }
        return specs;
    }

    private static List<ToolCall> toolCalls(JsonNode calls, String field) {
        List<ToolCall> read = new ArrayList<>();
        for (JsonNode call : calls) {
            String id = call.path("id").asString("");
            if (id.isBlank()) {
                throw new IllegalArgumentException(field + "[" + read.size() + "].id: a tool call needs an id");
            }
            JsonNode arguments = call.path("function").path("arguments");
            read.add(new ToolCall(id, call.path("function").path("name").asString(""),
                    arguments.isString() ? arguments.asString() : arguments.isObject() ? arguments.toString() : ""));
        }
        return read;
    }

    /** A {@code tool} message; its tool's name comes from the assistant turn that made the call. */
    private static ChatMessage toolResult(JsonNode message, String content, Map<String, String> calledTools, String field) {
        String id = message.path("tool_call_id").asString("");
        if (id.isBlank()) {
            throw new IllegalArgumentException(field + ".tool_call_id: a tool message needs the id of the call it answers");
        }
        boolean error = content.startsWith(ERROR_PREFIX);
        return new ChatMessage(ChatMessage.Role.TOOL, error ? content.substring(ERROR_PREFIX.length()) : content, List.of(), id,
                calledTools.getOrDefault(id, ""), error);
    }

    /** What generation stopped for, as OpenAI names it: an answer with tool calls stopped to call them. */
    private static String finishReason(ChatResponse answer) {
        if (!answer.toolCalls().isEmpty()) {
            return "tool_calls";
        }
        return answer.finishReason().isEmpty() || answer.finishReason().equals("end_turn") ? "stop" : answer.finishReason();
    }

    /** A call's id, or a fresh one when the model gave none: its result must be able to name it. */
    private static String id(ToolCall call) {
        return call.id().isBlank() ? "call_" + UUID.randomUUID().toString().replace("-", "") : call.id();
    }

    static void reply(Context ctx, String id, String model, ChatResponse answer) {
        ObjectNode json = Json.MAPPER.createObjectNode().put("id", id).put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
        ObjectNode choice = json.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason(answer));
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (answer.text().isEmpty() && !answer.toolCalls().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", answer.text());
        }
        if (!answer.reasoning().isEmpty()) {
            message.put("reasoning_content", answer.reasoning());
        }
        if (!answer.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : answer.toolCalls()) {
                calls.addObject().put("id", id(call)).put("type", "function").putObject("function")
                        .put("name", call.name()).put("arguments", call.argumentsJson());
            }
        }
        usage(json, answer);
        ctx.contentType("application/json").result(json.toString());
    }

    static void stream(Context ctx, String id, String model, ChatResponse answer, boolean includeUsage) throws IOException {
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        OutputStream out = ctx.res().getOutputStream();
        event(out, delta().put("role", "assistant").put("content", ""), null, id, model);
        for (String part : ModelServer.pieces(answer.reasoning())) {
            event(out, delta().put("reasoning_content", part), null, id, model);
        }
        for (String part : ModelServer.pieces(answer.text())) {
            event(out, delta().put("content", part), null, id, model);
        }
        for (int i = 0; i < answer.toolCalls().size(); i++) {
            ToolCall call = answer.toolCalls().get(i);
            ObjectNode first = delta();
            first.putArray("tool_calls").addObject().put("index", i).put("id", id(call)).put("type", "function")
                    .putObject("function").put("name", call.name()).put("arguments", "");
            event(out, first, null, id, model);
            String arguments = call.argumentsJson();
            for (int start = 0; start < arguments.length(); start += ARGUMENT_PIECE) {
                ObjectNode fragment = delta();
                fragment.putArray("tool_calls").addObject().put("index", i).putObject("function")
                        .put("arguments", arguments.substring(start, Math.min(arguments.length(), start + ARGUMENT_PIECE)));
                event(out, fragment, null, id, model);
            }
        }
        event(out, delta(), finishReason(answer), id, model);
        if (includeUsage) {
            ObjectNode usage = Json.MAPPER.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("model", model);
            usage.putArray("choices");
            usage(usage, answer);
            write(out, "data: " + usage + "\n\n");
        }
        write(out, "data: [DONE]\n\n");
    }

    /** A delta to fill; {@link #event} wraps it in a chunk. */
    private static ObjectNode delta() {
        return Json.MAPPER.createObjectNode();
    }

    private static void event(OutputStream out, ObjectNode delta, String finishReason, String id, String model) throws IOException {
        ObjectNode chunk = Json.MAPPER.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        write(out, "data: " + chunk + "\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void usage(ObjectNode json, ChatResponse answer) {
        json.putObject("usage").put("prompt_tokens", answer.usage().inputTokens())
                .put("completion_tokens", answer.usage().outputTokens())
                .put("total_tokens", answer.usage().inputTokens() + answer.usage().outputTokens());
    }
}
