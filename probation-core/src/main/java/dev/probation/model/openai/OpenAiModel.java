package dev.probation.model.openai;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Model;
import dev.probation.model.ModelSettings;
import dev.probation.model.ToolCall;
import dev.probation.model.ToolSpec;
import dev.probation.model.http.JsonHttp;
import dev.probation.util.Json;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** One model behind an OpenAI-compatible {@code /chat/completions} endpoint. */
final class OpenAiModel implements Model {

    private final String ref;
    private final String name;
    private final URI endpoint;
    private final String apiKey;
    private final ModelSettings settings;
    private final JsonHttp http;
    private final boolean officialApi;

    OpenAiModel(String ref, String name, URI endpoint, String apiKey, ModelSettings settings) {
        this.ref = ref;
        this.name = name;
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.settings = settings;
        this.http = new JsonHttp(Duration.ofSeconds(10));
        this.officialApi = endpoint.getHost().endsWith("api.openai.com");
    }

    @Override
    public String ref() {
        return ref;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Map<String, String> headers = new LinkedHashMap<>(settings.headers());
        if (apiKey != null) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        JsonNode json = http.post(endpoint, headers, body(request), settings.timeout(), apiKey);
        return JsonHttp.scrub(parse(json), apiKey);
    }

    ObjectNode body(ChatRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", name);
        ArrayNode messages = body.putArray("messages");
        if (!request.system().isEmpty()) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        for (ChatMessage message : request.messages()) {
            add(messages, message);
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            // api.openai.com wants max_completion_tokens (reasoning models reject max_tokens);
            // most compatible servers only know max_tokens.
            body.put(officialApi ? "max_completion_tokens" : "max_tokens", request.maxTokens());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.reasoning() != null) {
            body.put("reasoning_effort", request.reasoning().effortLevel());
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec tool : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name()).put("description", tool.description());
                function.set("parameters", Json.MAPPER.readTree(tool.parametersJson()));
            }
        }
        return body;
    }

    /**
     * One turn: tool calls go out as {@code tool_calls} with their arguments verbatim, a tool result as
     * a {@code tool} message quoting the call's id. The API has no error flag for a result, so a failed
     * call's text is prefixed with {@code Error: }, as harnesses do.
     */
    private static void add(ArrayNode messages, ChatMessage message) {
        ObjectNode turn = messages.addObject().put("role", message.role().id());
        switch (message.role()) {
            case TOOL -> turn.put("tool_call_id", message.toolCallId())
                    .put("content", message.error() ? "Error: " + message.content() : message.content());
            case ASSISTANT -> {
                if (message.toolCalls().isEmpty()) {
                    turn.put("content", message.content());
                    return;
                }
                if (message.content().isEmpty()) {
                    turn.putNull("content");
                } else {
                    turn.put("content", message.content());
                }
                ArrayNode calls = turn.putArray("tool_calls");
                for (ToolCall call : message.toolCalls()) {
                    calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                            .put("name", call.name()).put("arguments", call.argumentsJson());
                }
            }
            case USER -> turn.put("content", message.content());
        }
    }

    ChatResponse parse(JsonNode json) {
        return ChatCompletions.parse(json, name);
    }
}
