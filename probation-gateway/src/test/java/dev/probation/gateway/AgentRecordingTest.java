package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ToolCall;
import dev.probation.util.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The gateway records agents: a tool-calling model served by {@link ModelServer} behind the gateway,
 * asked over OpenAI's and Anthropic's APIs, plain and streamed. Each exchange keeps the request's
 * tools, the calls of its answer, and the earlier calls with the results the client sent back; the
 * admin API shows them after a round trip through the SQLite store.
 */
class AgentRecordingTest {

    private static final String ARGUMENTS = "{\"command\":\"cat notes/todo.txt\"}";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}}}";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest(name = "{0}, streamed {1}")
    @CsvSource({"openai, false", "openai, true", "anthropic, false", "anthropic, true"})
    void theToolsTheCallsAndTheResultsOfAnAgentAreRecorded(String api, boolean stream) throws Exception {
        ScriptedAgent agent = new ScriptedAgent("", new ToolCall("call_7", "run_command", ARGUMENTS));
        try (ModelServer server = ModelServer.start(agent, "agent", "127.0.0.1", 0)) {
            GatewayConfig config = GatewayConfig.builder(URI.create("http://127.0.0.1:" + server.port() + "/v1")).port(0)
                    .dataDir(dir).adminToken(Harness.TOKEN).build();
            try (Gateway gateway = Gateway.start(config, Harness.detectors())) {
                boolean anthropic = api.equals("anthropic");
                String path = anthropic ? "/v1/messages" : "/v1/chat/completions";
                HttpResponse<String> first = post(gateway, path, anthropic ? anthropicTask(stream, "") : openAiTask(stream, ""));
                assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
                String resultTurn = anthropic
                        ? ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"call_7\",\"name\":\"run_command\","
                                + "\"input\":" + ARGUMENTS + "}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                                + "\"tool_use_id\":\"call_7\",\"content\":\"cat: notes/todo.txt: No such file\",\"is_error\":true}]}"
                        : ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_7\",\"type\":\"function\","
                                + "\"function\":{\"name\":\"run_command\",\"arguments\":" + Json.MAPPER.writeValueAsString(ARGUMENTS)
                                + "}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_7\",\"content\":\"Error: cat: notes/todo.txt: No such file\"}";
                HttpResponse<String> second = post(gateway, path,
                        anthropic ? anthropicTask(stream, resultTurn) : openAiTask(stream, resultTurn));
                assertThat(second.statusCode()).as(second.body()).isEqualTo(200);

                Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(5)).total() == 2);
                JsonNode calling = api(gateway, "/api/exchanges/" + first.headers().firstValue("X-Probation-Exchange").orElseThrow());
                assertThat(calling.path("toolCalls").asInt()).isEqualTo(1);
                assertThat(calling.path("tools").get(0).path("name").asString()).isEqualTo("run_command");
                assertThat(Json.MAPPER.readTree(calling.path("tools").get(0).path("parameters").asString()))
                        .isEqualTo(Json.MAPPER.readTree(SCHEMA));
                JsonNode call = calling.path("steps").get(0);
                assertThat(calling.path("steps")).hasSize(1);
                assertThat(call.path("step").asInt()).isEqualTo(1);
                assertThat(call.path("callId").asString()).isEqualTo("call_7");
                assertThat(call.path("name").asString()).isEqualTo("run_command");
                assertThat(Json.MAPPER.readTree(call.path("arguments").asString())).isEqualTo(Json.MAPPER.readTree(ARGUMENTS));
                assertThat(call.path("inAnswer").asBoolean()).isTrue();
                assertThat(call.path("result").isNull()).isTrue();

                JsonNode answering = api(gateway, "/api/exchanges/" + second.headers().firstValue("X-Probation-Exchange").orElseThrow());
                assertThat(answering.path("toolCalls").asInt()).isZero();
                assertThat(answering.path("answer").asString()).isEqualTo("Done. The tool said: cat: notes/todo.txt: No such file");
                JsonNode done = answering.path("steps").get(0);
                assertThat(answering.path("steps")).hasSize(1);
                assertThat(done.path("callId").asString()).isEqualTo("call_7");
                assertThat(done.path("name").asString()).isEqualTo("run_command");
                assertThat(done.path("result").asString()).isEqualTo("cat: notes/todo.txt: No such file");
                assertThat(done.path("error").asBoolean()).isTrue();
                assertThat(done.path("inAnswer").asBoolean()).isFalse();
                JsonNode listed = api(gateway, "/api/exchanges?limit=5").path("items");
                assertThat(listed.findValues("toolCalls")).extracting(JsonNode::asInt).containsExactlyInAnyOrder(0, 1);
            }
        }
    }

    static String openAiTask(boolean stream, String moreTurns) {
        return "{\"model\":\"agent\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"What is on my list?\"}"
                + moreTurns + "],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"run_command\",\"description\":"
                + "\"Run a shell command.\",\"parameters\":" + SCHEMA + "}}]}";
    }

    static String anthropicTask(boolean stream, String moreTurns) {
        return "{\"model\":\"agent\",\"max_tokens\":300,\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"What is on my list?\"}" + moreTurns + "],\"tools\":[{\"name\":\"run_command\",\"description\":"
                + "\"Run a shell command.\",\"input_schema\":" + SCHEMA + "}]}";
    }

    private HttpResponse<String> post(Gateway gateway, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Content-Type", "application/json").header("x-api-key", "sk-ant-test")
                .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode api(Gateway gateway, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Authorization", "Bearer " + Harness.TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }
}
