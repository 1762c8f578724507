package dev.probation.model.anthropic;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Model;
import dev.probation.model.ModelException;
import dev.probation.model.ModelSettings;
import dev.probation.model.ToolCall;
import dev.probation.model.ToolSpec;
import dev.probation.model.Usage;
import dev.probation.model.http.JsonHttp;
import dev.probation.util.Json;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final String apiKey;
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
        headers.put("x-api-key", apiKey);
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
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", message.role().id()).put("content", message.content());
        }
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
        JsonNode content = json.path("content");
        if (!content.isArray()) {
            if ("error".equals(json.path("type").asString(""))) {
                throw new ModelException(ModelException.Kind.SERVER, 200, null,
                        "the API reported an error: " + json.path("error").path("message").asString(""));
            }
            throw new ModelException(ModelException.Kind.MALFORMED_RESPONSE, 200, null,
                    "the answer has no content list: " + abbreviate(json.toString()));
        }
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : content) {
            switch (block.path("type").asString("")) {
                case "text" -> text.append(block.path("text").asString(""));
                case "thinking" -> appendParagraph(thinking, block.path("thinking").asString(""));
                case "redacted_thinking" -> appendParagraph(thinking, "[redacted thinking]");
                case "tool_use" -> calls.add(new ToolCall(block.path("id").asString(""),
                        block.path("name").asString(""), block.path("input").toString()));
                default -> { } // unknown block types are ignored, as the API asks of clients
            }
        }
        JsonNode usage = json.path("usage");
        return new ChatResponse(text.toString(), thinking.toString(), calls, json.path("stop_reason").asString(""),
                new Usage(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0), 0),
                json.path("model").asString(name));
    }

    private static void appendParagraph(StringBuilder text, String paragraph) {
        if (!text.isEmpty()) {
            text.append("\n\n");
        }
        text.append(paragraph);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
