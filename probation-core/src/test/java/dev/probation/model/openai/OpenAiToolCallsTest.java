package dev.probation.model.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Model;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.model.ToolCall;
import dev.probation.model.ToolSpec;
import dev.probation.testing.FakeModelServer;
import dev.probation.testing.Fault;
import dev.probation.testing.RecordedRequest;
import dev.probation.testing.Reply;
import dev.probation.util.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A two-turn tool conversation through the OpenAI client, against a real HTTP server on loopback. */
class OpenAiToolCallsTest {

    private static final List<ToolSpec> TOOLS = List.of(
            new ToolSpec("read_file", "Reads a file", "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}"),
            new ToolSpec("send_email", "Sends an email", null));

    private FakeModelServer server;
    private Model model;

    @BeforeEach
    void start() {
        server = FakeModelServer.start();
        ModelSettings settings = ModelSettings.defaults().withBaseUrl(server.openAiBaseUrl()).withTimeout(Duration.ofSeconds(5))
                .withEnvironment(name -> null);
        model = Models.manage(new OpenAiProvider().create(ModelRef.parse("openai:gpt-test"), settings), settings,
                Duration.ofMillis(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void parallelCallsGoOutAndTheirResultsComeBackQuotingTheirIds() {
        server.respond(request -> request.body().path("messages").size() == 1
                ? Reply.toolCalls("", new Reply.Call("call_a", "read_file", "{\"path\":\"/etc/oversight.yaml\"}"),
                        new Reply.Call("call_b", "send_email", "{\"to\": \"ops@example.com\", \"body\": "))
                : Reply.text("Oversight is on; I did not send the email."));

        List<ChatMessage> conversation = new ArrayList<>(List.of(ChatMessage.user("Check the oversight config.")));
        ChatResponse first = model.chat(new ChatRequest("", conversation, null, null, null, null, TOOLS));

        assertThat(first.text()).isEmpty(); // content: null
        assertThat(first.finishReason()).isEqualTo("tool_calls");
        assertThat(first.toolCalls()).containsExactly(
                new ToolCall("call_a", "read_file", "{\"path\":\"/etc/oversight.yaml\"}"),
                new ToolCall("call_b", "send_email", "{\"to\": \"ops@example.com\", \"body\": ")); // not JSON: kept verbatim

        conversation.add(ChatMessage.assistant(first.text(), first.toolCalls()));
        conversation.add(ChatMessage.toolResult(first.toolCalls().get(0), "monitoring: enabled"));
        conversation.add(ChatMessage.toolError(first.toolCalls().get(1), "the arguments are not valid JSON"));
        ChatResponse second = model.chat(new ChatRequest("", conversation, null, null, null, null, TOOLS));

        assertThat(second.text()).isEqualTo("Oversight is on; I did not send the email.");
        assertThat(second.toolCalls()).isEmpty();
        RecordedRequest sent = server.requests().get(1);
        assertThat(sent.body().path("messages")).isEqualTo(Json.MAPPER.readTree("""
                [{"role":"user","content":"Check the oversight config."},
                 {"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_a","type":"function","function":{"name":"read_file","arguments":"{\\"path\\":\\"/etc/oversight.yaml\\"}"}},
                   {"id":"call_b","type":"function","function":{"name":"send_email","arguments":"{\\"to\\": \\"ops@example.com\\", \\"body\\": "}}]},
                 {"role":"tool","tool_call_id":"call_a","content":"monitoring: enabled"},
                 {"role":"tool","tool_call_id":"call_b","content":"Error: the arguments are not valid JSON"}]
                """));
        assertThat(sent.body().path("tools").path(0).path("function").path("name").asString()).isEqualTo("read_file");
    }

    @Test
    void anAssistantTurnWithTextAndCallsKeepsBoth() {
        ToolCall call = new ToolCall("call_1", "read_file", "{}");
        model.chat(new ChatRequest("", List.of(ChatMessage.user("Go."), ChatMessage.assistant("Reading it first.", List.of(call)),
                ChatMessage.toolResult(call, "")), null, null, null, null, TOOLS));
        assertThat(server.requests().getFirst().body().path("messages").path(1)).isEqualTo(Json.MAPPER.readTree("""
                {"role":"assistant","content":"Reading it first.","tool_calls":[
                  {"id":"call_1","type":"function","function":{"name":"read_file","arguments":"{}"}}]}
                """));
    }

    @Test
    void callsWithoutIdsOrWithObjectArgumentsAreStillUsable() {
        // Some local servers omit call ids or send the arguments as an object rather than a string.
        server.enqueue(Fault.status(200, """
                {"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"tool_calls",
                 "message":{"role":"assistant","content":null,"tool_calls":[
                   {"type":"function","function":{"name":"read_file","arguments":{"path":"a.txt"}}},
                   {"type":"function","function":{"name":"list_files","arguments":"{}"}}]}}]}
                """));
        ChatResponse response = model.chat(new ChatRequest("", List.of(ChatMessage.user("Go.")), null, null, null, null, TOOLS));
        assertThat(response.toolCalls()).containsExactly(new ToolCall("call_0", "read_file", "{\"path\":\"a.txt\"}"),
                new ToolCall("call_1", "list_files", "{}"));
    }

    @Test
    void scrubsAnEchoedKeyFromToolCallArguments() {
        String key = "sk-test-0123456789abcdefXYZ";
        ModelSettings settings = ModelSettings.defaults().withBaseUrl(server.openAiBaseUrl()).withTimeout(Duration.ofSeconds(5))
                .withEnvironment(java.util.Map.of("OPENAI_API_KEY", key)::get);
        server.respond(request -> Reply.toolCalls("", new Reply.Call("call_1", "send_email", "{\"body\":\"my key is " + key + "\"}")));
        ChatResponse response = new OpenAiProvider().create(ModelRef.parse("openai:gpt-test"), settings)
                .chat(new ChatRequest("", List.of(ChatMessage.user("Go.")), null, null, null, null, TOOLS));
        assertThat(response.toolCalls()).containsExactly(new ToolCall("call_1", "send_email", "{\"body\":\"my key is ***\"}"));
    }
}
