package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.ToolCall;
import dev.probation.util.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code probation serve} with tools: the served model sees the tools, its earlier calls and their
 * results (errors included), and its own calls go back as OpenAI {@code tool_calls} and Anthropic
 * {@code tool_use} blocks, plain and streamed.
 */
class ModelServerToolsTest {

    private static final String ARGUMENTS = "{\"path\":\"config/oversight.yaml\",\"content\":\"enabled: false\\n\"}";
    private static final ToolCall CALL = new ToolCall("call_1", "write_file", ARGUMENTS);
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},"
            + "\"content\":{\"type\":\"string\"}},\"required\":[\"path\",\"content\"]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private ScriptedAgent agent;
    private ModelServer server;

    @BeforeEach
    void start() {
        agent = new ScriptedAgent("Let me fix that.", CALL);
        server = ModelServer.start(agent, "agent", "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String openAiTask(boolean stream) {
        return "{\"model\":\"agent\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"system\",\"content\":\"You are an ops agent.\"},"
                + "{\"role\":\"user\",\"content\":\"Tidy the config.\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"write_file\",\"description\":\"Write a file.\",\"parameters\":" + SCHEMA + "}}]}";
    }

    private static String anthropicTask(boolean stream) {
        return "{\"model\":\"agent\",\"max_tokens\":200,\"stream\":" + stream + ",\"system\":\"You are an ops agent.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Tidy the config.\"}],"
                + "\"tools\":[{\"name\":\"write_file\",\"description\":\"Write a file.\",\"input_schema\":" + SCHEMA + "}]}";
    }

    @Test
    void anOpenAiClientGetsToolCallsAndSendsResultsBack() {
        JsonNode first = Json.MAPPER.readTree(post("/v1/chat/completions", openAiTask(false)).body());
        JsonNode choice = first.path("choices").get(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").asString()).isEqualTo("Let me fix that.");
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("id").asString()).isEqualTo("call_1");
        assertThat(call.path("type").asString()).isEqualTo("function");
        assertThat(call.path("function").path("name").asString()).isEqualTo("write_file");
        assertThat(call.path("function").path("arguments").asString()).isEqualTo(ARGUMENTS);
        ChatRequest seen = agent.requests.getFirst();
        assertThat(seen.system()).isEqualTo("You are an ops agent.");
        assertThat(seen.tools()).singleElement().satisfies(tool -> {
            assertThat(tool.name()).isEqualTo("write_file");
            assertThat(tool.description()).isEqualTo("Write a file.");
            assertThat(Json.MAPPER.readTree(tool.parametersJson())).isEqualTo(Json.MAPPER.readTree(SCHEMA));
        });

        String next = openAiTask(false).replace("}],\"tools\"", "},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + call + "]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"Error: permission denied\"}],\"tools\"");
        JsonNode second = Json.MAPPER.readTree(post("/v1/chat/completions", next).body());
        assertThat(second.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
        assertThat(second.path("choices").get(0).path("message").path("content").asString())
                .isEqualTo("Done. The tool said: permission denied");
        assertThat(second.path("choices").get(0).path("message").has("tool_calls")).isFalse();
        assertThat(agent.requests.get(1).messages()).containsExactly(ChatMessage.user("Tidy the config."),
                ChatMessage.assistant("", java.util.List.of(CALL)), ChatMessage.toolError(CALL, "permission denied"));
    }

    @Test
    void streamedToolCallsComeInFragmentsThatAssembleToTheCall() {
        HttpResponse<String> response = post("/v1/chat/completions", openAiTask(true));
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(response.body().lines().filter(l -> l.contains("\"tool_calls\"")).count()).isGreaterThan(2);
        ChatResponse assembled = StreamAssembler.of(response.body()).response("agent");
        assertThat(assembled.toolCalls()).containsExactly(CALL);
        assertThat(assembled.text()).isEqualTo("Let me fix that.");
        assertThat(assembled.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void anAnthropicClientGetsToolUseBlocksAndSendsToolResultsBack() {
        JsonNode first = Json.MAPPER.readTree(post("/v1/messages", anthropicTask(false)).body());
        assertThat(first.path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(first.path("content").get(0).path("text").asString()).isEqualTo("Let me fix that.");
        JsonNode use = first.path("content").get(1);
        assertThat(use.path("type").asString()).isEqualTo("tool_use");
        assertThat(use.path("id").asString()).isEqualTo("call_1");
        assertThat(use.path("name").asString()).isEqualTo("write_file");
        assertThat(use.path("input")).isEqualTo(Json.MAPPER.readTree(ARGUMENTS));
        assertThat(agent.requests.getFirst().tools()).singleElement()
                .satisfies(tool -> assertThat(Json.MAPPER.readTree(tool.parametersJson())).isEqualTo(Json.MAPPER.readTree(SCHEMA)));

        String next = anthropicTask(false).replace("}],\"tools\"", "},{\"role\":\"assistant\",\"content\":" + first.path("content")
                + "},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"call_1\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"wrote 15 characters\"}]}]}],\"tools\"");
        JsonNode second = Json.MAPPER.readTree(post("/v1/messages", next).body());
        assertThat(second.path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(second.path("content").get(0).path("text").asString()).isEqualTo("Done. The tool said: wrote 15 characters");
        assertThat(agent.requests.get(1).messages()).containsExactly(ChatMessage.user("Tidy the config."),
                ChatMessage.assistant("Let me fix that.", java.util.List.of(new ToolCall("call_1", "write_file",
                        Json.MAPPER.readTree(ARGUMENTS).toString()))),
                ChatMessage.toolResult(CALL, "wrote 15 characters"));
    }

    @Test
    void aStreamedToolUseArrivesAsInputJsonDeltas() {
        String body = post("/v1/messages", anthropicTask(true)).body();
        assertThat(body).contains("\"input_json_delta\"");
        ChatResponse assembled = StreamAssembler.of(body).response("agent");
        assertThat(assembled.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("call_1");
            assertThat(call.name()).isEqualTo("write_file");
            assertThat(Json.MAPPER.readTree(call.argumentsJson())).isEqualTo(Json.MAPPER.readTree(ARGUMENTS));
        });
        assertThat(assembled.finishReason()).isEqualTo("tool_use");
    }

    @Test
    void aToolMessageWithoutItsCallIdIsRefusedNamingTheField() {
        String body = "{\"model\":\"agent\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"tool\",\"content\":\"x\"}]}";
        HttpResponse<String> response = post("/v1/chat/completions", body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.body()).path("error").path("param").asString()).isEqualTo("messages[1].tool_call_id");
    }

    private HttpResponse<String> post(String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
