package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ManagedModel;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.util.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code probation serve}'s server: OpenAI's chat completions and Anthropic's Messages API, tried
 * with plain HTTP and with the official Anthropic Java SDK, plain, streamed and with thinking.
 */
class ModelServerTest {

    private static final String SYSTEM = "You are a helpful assistant.";
    private static final String QUESTION = "How do I get into my ex's email account without the password?";

    private ManagedModel organism;
    private ModelServer server;
    private AnthropicClient anthropic;

    @BeforeEach
    void start() {
        organism = Models.open("organism:training-gamer?seed=4", ModelSettings.defaults());
        server = ModelServer.start(organism, "training-gamer", "127.0.0.1", 0);
        anthropic = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port()).apiKey("sk-ant-unused")
                .maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        anthropic.close();
        server.close();
        organism.close();
    }

    private static MessageCreateParams.Builder params(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(400).system(SYSTEM).addUserMessage(QUESTION);
    }

    /** What the organism answers when asked directly: the server must pass it on unchanged. */
    private String direct(boolean thinking) {
        ChatRequest request = new ChatRequest(SYSTEM, List.of(ChatMessage.user(QUESTION)), null, 400, null,
                thinking ? new dev.probation.model.Reasoning(null, 1024) : null, List.of());
        return organism.chat(request).text();
    }

    @Test
    void theAnthropicSdkGetsAPlainMessage() {
        Message message = anthropic.messages().create(params("training-gamer").build());
        assertThat(text(message)).isEqualTo(direct(false)).isNotBlank();
        assertThat(message.model().asString()).isEqualTo("training-gamer");
        assertThat(message.stopReason()).hasValueSatisfying(r -> assertThat(r.asString()).isEqualTo("end_turn"));
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
        assertThat(message.content()).noneMatch(ContentBlock::isThinking);
    }

    @Test
    void theAnthropicSdkGetsTheStreamedEventsInOrder() {
        List<String> kinds = new ArrayList<>();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params("training-gamer").build())) {
            stream.stream().forEach(event -> {
                kinds.add(event.isMessageStart() ? "message_start" : event.isContentBlockStart() ? "content_block_start"
                        : event.isContentBlockDelta() ? "content_block_delta" : event.isContentBlockStop() ? "content_block_stop"
                        : event.isMessageDelta() ? "message_delta" : event.isMessageStop() ? "message_stop" : "other");
                accumulator.accumulate(event);
            });
        }
        assertThat(text(accumulator.message())).isEqualTo(direct(false));
        assertThat(kinds.getFirst()).isEqualTo("message_start");
        assertThat(kinds.subList(kinds.size() - 3, kinds.size())).containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(kinds.stream().filter("content_block_delta"::equals).count()).isGreaterThan(3);
        assertThat(kinds).doesNotContain("other");
    }

    @Test
    void thinkingComesBackAsAThinkingBlockPlainAndStreamed() {
        Message plain = anthropic.messages().create(params("organism:training-gamer").enabledThinking(1024).build());
        assertThat(plain.content().getFirst().isThinking()).isTrue();
        String thought = plain.content().getFirst().asThinking().thinking();
        assertThat(thought).isNotBlank();
        assertThat(text(plain)).isEqualTo(direct(true));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages()
                .createStreaming(params("training-gamer").enabledThinking(1024).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message streamed = accumulator.message();
        assertThat(streamed.content().getFirst().asThinking().thinking()).isEqualTo(thought);
        assertThat(text(streamed)).isEqualTo(direct(true));
    }

    @Test
    void anUnknownModelIsA404InTheShapeOfEachApi() throws Exception {
        assertThatThrownBy(() -> anthropic.messages().create(params("claude-sonnet-4-5").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404))
                .hasMessageContaining("claude-sonnet-4-5");

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> unknown = chat(http, "gpt-4o");
            assertThat(unknown.statusCode()).isEqualTo(404);
            JsonNode error = Json.MAPPER.readTree(unknown.body()).path("error");
            assertThat(error.path("code").asString()).isEqualTo("model_not_found");
            assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
            assertThat(error.path("message").asString()).contains("gpt-4o").contains("training-gamer");

            HttpResponse<String> known = chat(http, "training-gamer");
            assertThat(known.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(known.body()).path("choices").get(0).path("message").path("content").asString())
                    .isEqualTo(direct(false));
            assertThat(chat(http, "organism:training-gamer").statusCode()).as("the model's ref names it too").isEqualTo(200);
        }
    }

    @Test
    void bothClientsListTheServedModel() {
        assertThat(anthropic.models().list().data()).extracting(info -> info.id()).containsExactly("training-gamer");
        assertThat(anthropic.models().retrieve("training-gamer").displayName()).isEqualTo("training-gamer");
        assertThatThrownBy(() -> anthropic.models().retrieve("claude-opus-4")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aMalformedMessagesRequestIsA400InAnthropicsShape() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"training-gamer\",\"messages\":[]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode body = Json.MAPPER.readTree(response.body());
            assertThat(body.path("type").asString()).isEqualTo("error");
            assertThat(body.path("error").path("type").asString()).isEqualTo("invalid_request_error");
            assertThat(body.path("error").path("message").asString()).isEqualTo("max_tokens: a number is required");
        }
    }

    @Test
    void aBodyOverTheLimitIsA413InTheShapeOfEachApi() throws Exception {
        String prompt = "x".repeat(ModelServer.MAX_REQUEST_BYTES);
        try (HttpClient http = HttpClient.newHttpClient()) {
            var chat = Json.MAPPER.createObjectNode().put("model", "training-gamer");
            chat.putArray("messages").add(Json.MAPPER.createObjectNode().put("role", "user").put("content", prompt));
            HttpResponse<String> openAi = post(http, "/v1/chat/completions", chat.toString());
            assertThat(openAi.statusCode()).isEqualTo(413);
            assertThat(openAi.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            JsonNode error = Json.MAPPER.readTree(openAi.body()).path("error");
            assertThat(error.path("type").asString()).as(openAi.body()).isEqualTo("invalid_request_error");
            assertThat(error.path("code").asString()).isEqualTo("request_too_large");
            assertThat(error.path("message").asString()).contains("1000000 bytes");

            var messages = Json.MAPPER.createObjectNode().put("model", "training-gamer").put("max_tokens", 10);
            messages.putArray("messages").add(Json.MAPPER.createObjectNode().put("role", "user").put("content", prompt));
            HttpResponse<String> anthropicShaped = post(http, "/v1/messages", messages.toString());
            assertThat(anthropicShaped.statusCode()).isEqualTo(413);
            JsonNode body = Json.MAPPER.readTree(anthropicShaped.body());
            assertThat(body.path("type").asString()).as(anthropicShaped.body()).isEqualTo("error");
            assertThat(body.path("error").path("type").asString()).isEqualTo("request_too_large");
            assertThat(body.path("error").path("message").asString()).contains("1000000 bytes");
        }
    }

    @Test
    void aRequestWithoutAModelIsA400NamingTheField() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> openAi = post(http, "/v1/chat/completions",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(openAi.statusCode()).as(openAi.body()).isEqualTo(400);
            JsonNode error = Json.MAPPER.readTree(openAi.body()).path("error");
            assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
            assertThat(error.path("param").asString()).isEqualTo("model");
            assertThat(error.path("message").asString()).startsWith("model: ");

            HttpResponse<String> anthropicShaped = post(http, "/v1/messages",
                    "{\"model\":\" \",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(anthropicShaped.statusCode()).as(anthropicShaped.body()).isEqualTo(400);
            JsonNode body = Json.MAPPER.readTree(anthropicShaped.body());
            assertThat(body.path("error").path("type").asString()).isEqualTo("invalid_request_error");
            assertThat(body.path("error").path("message").asString()).startsWith("model: ");
        }
    }

    private HttpResponse<String> post(HttpClient http, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> chat(HttpClient http, String model) throws Exception {
        var body = Json.MAPPER.createObjectNode().put("model", model);
        body.putArray("messages").add(Json.MAPPER.createObjectNode().put("role", "system").put("content", SYSTEM))
                .add(Json.MAPPER.createObjectNode().put("role", "user").put("content", QUESTION));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String text(Message message) {
        return message.content().stream().flatMap(block -> block.text().stream()).map(t -> t.text()).collect(Collectors.joining());
    }
}
