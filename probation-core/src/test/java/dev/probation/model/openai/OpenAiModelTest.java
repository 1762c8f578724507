package dev.probation.model.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.ManagedModel;
import dev.probation.model.ModelCall;
import dev.probation.model.ModelException;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.model.Reasoning;
import dev.probation.testing.FakeModelServer;
import dev.probation.testing.Fault;
import dev.probation.testing.RecordedRequest;
import dev.probation.testing.Reply;
import dev.probation.testing.ResettingServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible client against a real HTTP server on loopback, with faults injected. */
class OpenAiModelTest {

    private static final String KEY = "sk-test-0123456789abcdefXYZ";
    private FakeModelServer server;

    @BeforeEach
    void start() {
        server = FakeModelServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelSettings settings() {
        return ModelSettings.defaults().withBaseUrl(server.openAiBaseUrl()).withTimeout(Duration.ofSeconds(5))
                .withEnvironment(Map.of("OPENAI_API_KEY", KEY)::get);
    }

    private ManagedModel model(ModelSettings settings) {
        return Models.manage(new OpenAiProvider().create(ModelRef.parse("openai:gpt-test"), settings), settings, Duration.ofMillis(20));
    }

    @Test
    void sendsTheRequestAndReadsAnswerReasoningAndUsage() {
        server.respond(request -> new Reply("Paris.", "The capital of France is Paris."));
        ChatRequest request = ChatRequest.of("Be brief.", "Capital of France?").withSampling(0.7, 64, 42L)
                .withReasoning(new Reasoning("low", 0));
        ChatResponse response = model(settings()).chat(request);
        assertThat(response.text()).isEqualTo("Paris.");
        assertThat(response.reasoning()).isEqualTo("The capital of France is Paris.");
        assertThat(response.usage().outputTokens()).isEqualTo(1);
        assertThat(response.finishReason()).isEqualTo("stop");

        RecordedRequest sent = server.requests().getFirst();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.body().path("model").asString()).isEqualTo("gpt-test");
        assertThat(sent.system()).isEqualTo("Be brief.");
        assertThat(sent.lastUserMessage()).isEqualTo("Capital of France?");
        assertThat(sent.body().path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(64);
        assertThat(sent.body().path("seed").asLong()).isEqualTo(42);
        assertThat(sent.body().path("reasoning_effort").asString()).isEqualTo("low");
    }

    @Test
    void worksWithoutAKeyAgainstLocalServers() {
        ModelSettings settings = settings().withEnvironment(name -> null);
        assertThat(model(settings).chat(ChatRequest.of("", "hi")).text()).isNotEmpty();
        assertThat(server.requests().getFirst().header("authorization")).isNull();
    }

    @Test
    void requiresAKeyForTheOpenAiApi() {
        assertThatThrownBy(() -> new OpenAiProvider().create(ModelRef.parse("openai:gpt-4o-mini"),
                ModelSettings.defaults().withBaseUrl("https://api.openai.com/v1").withEnvironment(name -> null)))
                .isInstanceOf(ModelException.class).hasMessageContaining("set OPENAI_API_KEY");
    }

    @Test
    void retriesAfterTheWaitA429AsksFor() {
        server.enqueue(Fault.rateLimited(1));
        long start = System.nanoTime();
        ModelCall call = model(settings()).call(ChatRequest.of("", "hi"));
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertThat(call.retries()).isEqualTo(1);
        assertThat(waited).as("waited at least the Retry-After of 1 s").isGreaterThanOrEqualTo(1000);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void honoursRetryAfterMilliseconds() {
        server.enqueue(Fault.rateLimitedMillis(300), Fault.rateLimitedMillis(300));
        long start = System.nanoTime();
        ModelCall call = model(settings()).call(ChatRequest.of("", "hi"));
        assertThat(call.retries()).isEqualTo(2);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(600);
    }

    @Test
    void retriesServerErrorsMalformedBodiesAndCutConnections() {
        ManagedModel model = model(settings());
        model.call(ChatRequest.of("", "first"));
        server.enqueue(Fault.serverError(503), Fault.malformed(), Fault.truncated(), Fault.serverError(529));
        ModelCall call = model.call(ChatRequest.of("", "hi"));
        assertThat(call.retries()).isEqualTo(4);
        assertThat(call.response().text()).isNotEmpty();
    }

    @Test
    void anEndpointThatNeverAnsweredWithTheApiFailsAtOnce() {
        server.enqueue(Fault.malformed());
        assertThatThrownBy(() -> model(settings()).call(ChatRequest.of("", "hi")))
                .hasMessageContaining("is not JSON").hasMessageContaining("check --base-url")
                .satisfies(e -> assertThat(((ModelException) e).fatal()).isTrue());
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void scrubsAnEchoedKeyFromAnswers() {
        server.respond(request -> Reply.text("Your key is " + KEY + ", right?"));
        assertThat(model(settings()).chat(ChatRequest.of("", "hi")).text()).isEqualTo("Your key is ***, right?");
    }

    @Test
    void aNamedKeyVariableMustBeSet() {
        assertThatThrownBy(() -> new OpenAiProvider().create(ModelRef.parse("openai:m"),
                settings().withApiKeyEnv("MY_UNSET_KEY").withEnvironment(name -> null)))
                .hasMessageContaining("MY_UNSET_KEY").hasMessageContaining("not set");
    }

    @Test
    void timesOutSlowAnswersAndRetries() {
        server.enqueue(Fault.slow(Duration.ofSeconds(3)));
        ModelSettings settings = settings().withTimeout(Duration.ofMillis(500));
        ModelCall call = model(settings).call(ChatRequest.of("", "hi"));
        assertThat(call.retries()).isEqualTo(1);
    }

    @Test
    void givesUpWithTheLastErrorWhenRetriesRunOut() {
        server.enqueue(Fault.serverError(500), Fault.serverError(500), Fault.serverError(500));
        assertThatThrownBy(() -> model(settings().withRetries(2)).call(ChatRequest.of("", "hi")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("HTTP 500").hasMessageContaining("upstream failure").hasMessageContaining("gave up after 3 tries")
                .satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(ModelException.Kind.SERVER));
    }

    @Test
    void doesNotRetryRejectedRequestsAndNeverEchoesTheKey() {
        server.enqueue(Fault.status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"));
        assertThatThrownBy(() -> model(settings()).call(ChatRequest.of("", "hi")))
                .isInstanceOf(ModelException.class)
                .satisfies(e -> {
                    ModelException m = (ModelException) e;
                    assertThat(m.kind()).isEqualTo(ModelException.Kind.AUTHENTICATION);
                    assertThat(m.fatal()).isTrue();
                    assertThat(m.getMessage()).contains("HTTP 401").doesNotContain(KEY).doesNotContain("0123456789abcdef");
                });
        assertThat(server.requestCount()).isEqualTo(1);
        server.enqueue(Fault.status(400, "{\"error\":{\"message\":\"context too long\"}}"));
        assertThatThrownBy(() -> model(settings()).call(ChatRequest.of("", "hi")))
                .satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(ModelException.Kind.BAD_REQUEST));
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void anExhaustedQuotaIsNotRetried() {
        server.enqueue(Fault.status(429, "{\"error\":{\"message\":\"You exceeded your current quota\",\"code\":\"insufficient_quota\"}}"));
        assertThatThrownBy(() -> model(settings()).call(ChatRequest.of("", "hi")))
                .satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(ModelException.Kind.CONFIGURATION));
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void reportsResetsAndRefusedConnectionsAsNetworkErrors() {
        try (ResettingServer reset = ResettingServer.start()) {
            ModelSettings settings = settings().withBaseUrl(reset.baseUrl()).withRetries(1);
            assertThatThrownBy(() -> model(settings).call(ChatRequest.of("", "hi")))
                    .satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(ModelException.Kind.NETWORK));
            assertThat(reset.connections()).isEqualTo(2);
        }
        int closedPort = server.port();
        server.close();
        ModelSettings refused = settings().withBaseUrl("http://127.0.0.1:" + closedPort + "/v1");
        long start = System.nanoTime();
        assertThatThrownBy(() -> model(refused).call(ChatRequest.of("", "hi")))
                .hasMessageContaining("cannot connect").hasMessageContaining("is the server running?")
                .satisfies(e -> assertThat(((ModelException) e).fatal()).as("nothing ever answered there").isTrue());
        assertThat((System.nanoTime() - start) / 1_000_000).as("no minute of retries").isLessThan(5_000);
        server = FakeModelServer.start();
    }

    @Test
    void readsToolCallsAndContentParts() {
        OpenAiModel model = (OpenAiModel) new OpenAiProvider().create(ModelRef.parse("openai:m"), settings());
        var json = dev.probation.util.Json.MAPPER.readTree("""
                {"choices":[{"message":{"role":"assistant","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}],
                 "reasoning":"thought","tool_calls":[{"id":"c1","type":"function","function":{"name":"lookup","arguments":"{\\"q\\":1}"}}]},
                 "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":3,"completion_tokens":4,"completion_tokens_details":{"reasoning_tokens":2}}}
                """);
        ChatResponse response = model.parse(json);
        assertThat(response.text()).isEqualTo("ab");
        assertThat(response.reasoning()).isEqualTo("thought");
        assertThat(response.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("lookup");
            assertThat(call.argumentsJson()).isEqualTo("{\"q\":1}");
        });
        assertThat(response.usage().reasoningTokens()).isEqualTo(2);
    }

    @Test
    void acceptsBaseUrlsWithOrWithoutTheEndpoint() {
        assertThat(OpenAiProvider.endpoint("http://localhost:11434/v1/").toString()).isEqualTo("http://localhost:11434/v1/chat/completions");
        assertThat(OpenAiProvider.endpoint("http://h/v1/chat/completions").toString()).isEqualTo("http://h/v1/chat/completions");
        assertThatThrownBy(() -> OpenAiProvider.endpoint("localhost:8000")).hasMessageContaining("is not an http(s) URL");
    }
}
