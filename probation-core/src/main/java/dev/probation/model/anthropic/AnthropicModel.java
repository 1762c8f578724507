package dev.probation.model.anthropic;

import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Model;
import dev.probation.model.ModelSettings;
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

/** One model behind Anthropic's {@code /v1/messages}. */
final class AnthropicModel implements Model {

    static final String API_VERSION = "2023-06-01";
    static final int DEFAULT_MAX_TOKENS = 1024;

    private final String ref;
    private final String name;
    private final URI endpoint;
    private final String apiKey; // null for a local server that takes none
    private final ModelSettings settings;
    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(10));

    AnthropicModel(String ref, String name, URI endpoint, String apiKey, ModelSettings settings) {
        this.ref = ref;
        this.name = name;
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.settings = settings;
    }

    @Override
    public String ref() {
        return ref;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Map<String, String> headers = new LinkedHashMap<>(settings.headers());
        if (apiKey != null) {
            headers.put("x-api-key", apiKey);
        }
        headers.put("anthropic-version", API_VERSION);
        return JsonHttp.scrub(parse(http.post(endpoint, headers, body(request), settings.timeout(), apiKey)), apiKey);
    }

    ObjectNode body(ChatRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", name);
        int answerTokens = request.maxTokens() != null ? request.maxTokens() : DEFAULT_MAX_TOKENS;
        if (request.reasoning() != null) {
            // Thinking counts against max_tokens, so the budget comes on top of the answer's share;
            // the API accepts no temperature other than 1 with thinking on.
            int budget = Math.max(1024, request.reasoning().budget());
            body.put("max_tokens", budget + answerTokens);
            body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        } else {
            body.put("max_tokens", answerTokens);
            if (request.temperature() != null) {
                body.put("temperature", Math.min(1.0, request.temperature()));
            }
        }
        if (!request.system().isEmpty()) {
            body.put("system", request.system());
        }
        AnthropicTurns.write(request.messages(), body.putArray("messages"));
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec tool : request.tools()) {
                ObjectNode spec = tools.addObject().put("name", tool.name()).put("description", tool.description());
                spec.set("input_schema", Json.MAPPER.readTree(tool.parametersJson()));
            }
        }
        return body;
    }

    ChatResponse parse(JsonNode json) {
        return AnthropicMessages.parse(json, name);
    }
}
