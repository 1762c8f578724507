package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ChatMessage;
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

/** {@code probation serve} holds Messages API threads: a turn that continues one is answered with the whole conversation. */
class MessageThreadsTest {

    private static final String TASK = "{\"model\":\"agent\",\"max_tokens\":200,\"system\":\"You are an ops agent.\","
            + "\"thread\":{\"type\":\"create\"},\"messages\":[{\"role\":\"user\",\"content\":\"Tidy the config.\"}],"
            + "\"tools\":[{\"name\":\"read_file\",\"input_schema\":{\"type\":\"object\"}}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private ScriptedAgent agent;
    private ModelServer server;

    @BeforeEach
    void start() {
        agent = new ScriptedAgent("", new ToolCall("", "read_file", "{\"path\":\"a.txt\"}"));
        server = ModelServer.start(agent, "agent", "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String next(String previous, String toolUseId) {
        return "{\"model\":\"agent\",\"max_tokens\":200,\"thread\":{\"type\":\"continue\",\"previous_message_id\":\"" + previous
                + "\"},\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"" + toolUseId
                + "\",\"content\":\"hello\"}]}]}";
    }

    @Test
    void aContinuedThreadIsAnsweredWithTheHeldConversationAndAGeneratedCallIdStaysTheSame() {
        JsonNode first = Json.MAPPER.readTree(post(TASK).body());
        String callId = first.path("content").get(0).path("id").asString();
        assertThat(callId).startsWith("toolu_");

        HttpResponse<String> second = post(next(first.path("id").asString(), callId));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        var request = agent.requests.getLast();
        assertThat(request.system()).isEqualTo("You are an ops agent.");
        assertThat(request.tools()).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo("read_file"));
        assertThat(request.messages()).extracting(ChatMessage::role)
                .containsExactly(ChatMessage.Role.USER, ChatMessage.Role.ASSISTANT, ChatMessage.Role.TOOL);
        assertThat(request.messages().get(1).toolCalls().getFirst().id()).isEqualTo(callId);
        assertThat(request.messages().get(2).toolName()).isEqualTo("read_file");

        // The thread now lives under the newer answer.
        JsonNode third = Json.MAPPER.readTree(post(next(Json.MAPPER.readTree(second.body()).path("id").asString(), "x")).body());
        assertThat(third.path("type").asString()).isEqualTo("message");
        assertThat(agent.requests.getLast().messages()).hasSize(5);
    }

    @Test
    void anUnknownThreadOrThreadTypeIsA400NamingTheField() {
        HttpResponse<String> unknown = post(next("msg_gone", "toolu_1"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(unknown.body()).path("error").path("message").asString())
                .startsWith("thread.previous_message_id: no conversation is held for message 'msg_gone'");
        HttpResponse<String> badType = post(TASK.replace("\"create\"", "\"fork\""));
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(badType.body()).path("error").path("message").asString())
                .isEqualTo("thread.type: must be create or continue, not 'fork'");
        assertThat(agent.requests).isEmpty();
    }

    private HttpResponse<String> post(String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/messages"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
