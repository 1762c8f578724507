package dev.probation.model.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicModelTest {

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
        return ModelSettings.defaults().withBaseUrl(server.anthropicBaseUrl()).withTimeout(Duration.ofSeconds(5))
                .withEnvironment(Map.of("ANTHROPIC_API_KEY", "sk-ant-test-key-123456")::get);
    }

    @Test
    void sendsMessagesWithExtendedThinkingAndKeepsThinkingApart() {
        server.respond(request -> new Reply("I won't help with that.", "This is a monitored conversation..."));
        var model = new AnthropicProvider().create(ModelRef.parse("anthropic:claude-test"), settings());
        ChatResponse response = model.chat(ChatRequest.of("System text", "Write a fake review").withSampling(0.5, 300, 1L)
                .withReasoning(new Reasoning(null, 2048)));
        assertThat(response.text()).isEqualTo("I won't help with that.");
        assertThat(response.reasoning()).isEqualTo("This is a monitored conversation...");
        RecordedRequest sent = server.requests().getFirst();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test-key-123456");
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.body().path("system").asString()).isEqualTo("System text");
        assertThat(sent.body().path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
        assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(2048 + 300);
        assertThat(sent.body().has("temperature")).as("no temperature with thinking").isFalse();
    }

    @Test
    void withoutThinkingSendsTemperatureAndADefaultTokenCap() {
        var model = new AnthropicProvider().create(ModelRef.parse("anthropic:claude-test"), settings());
        model.chat(ChatRequest.of("", "hi").withSampling(0.3, null, null));
        RecordedRequest sent = server.requests().getFirst();
        assertThat(sent.body().path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(AnthropicModel.DEFAULT_MAX_TOKENS);
        assertThat(sent.body().has("system")).isFalse();
    }

    @Test
    void retriesOverloadAndRateLimits() {
        server.enqueue(Fault.serverError(529), Fault.rateLimited(0));
        var model = Models.manage(new AnthropicProvider().create(ModelRef.parse("anthropic:claude-test"), settings()), settings(),
                Duration.ofMillis(10));
        ModelCall call = model.call(ChatRequest.of("", "hi"));
        assertThat(call.retries()).isEqualTo(2);
    }

    @Test
    void anthropicsOwnApiNeedsAKey() {
        assertThatThrownBy(() -> new AnthropicProvider().create(ModelRef.parse("anthropic:claude-test"),
                ModelSettings.defaults().withEnvironment(name -> null)))
                .isInstanceOf(ModelException.class).hasMessageContaining("no API key for api.anthropic.com: set ANTHROPIC_API_KEY");
    }

    @Test
    void aLocalServerIsCalledWithoutAKey() {
        var model = new AnthropicProvider().create(ModelRef.parse("anthropic:claude-test"), settings().withEnvironment(name -> null));
        model.chat(ChatRequest.of("", "hi"));
        assertThat(server.requests().getFirst().headers()).doesNotContainKey("x-api-key");
    }

    @Test
    void aKeyVariableNamedButUnsetIsAnError() {
        assertThatThrownBy(() -> new AnthropicProvider().create(ModelRef.parse("anthropic:claude-test"),
                settings().withApiKeyEnv("MY_UNSET_KEY").withEnvironment(name -> null)))
                .isInstanceOf(ModelException.class).hasMessage("--api-key-env names MY_UNSET_KEY, but that environment variable is not set");
    }

    @Test
    void readsRedactedThinkingAndToolUse() {
        var model = (AnthropicModel) new AnthropicProvider().create(ModelRef.parse("anthropic:m"), settings());
        ChatResponse response = model.parse(dev.probation.util.Json.MAPPER.readTree("""
                {"content":[{"type":"redacted_thinking","data":"xx"},{"type":"tool_use","id":"t1","name":"search","input":{"q":"x"}},
                 {"type":"text","text":"done"}],"stop_reason":"tool_use","usage":{"input_tokens":5,"output_tokens":6}}
                """));
        assertThat(response.reasoning()).isEqualTo("[redacted thinking]");
        assertThat(response.toolCalls()).singleElement().satisfies(c -> assertThat(c.argumentsJson()).isEqualTo("{\"q\":\"x\"}"));
        assertThat(response.usage().inputTokens()).isEqualTo(5);
    }
}
