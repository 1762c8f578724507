package dev.probation.model.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.Model;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import dev.probation.model.ToolCall;
import dev.probation.model.ToolSpec;
import dev.probation.testing.FakeModelServer;
import dev.probation.testing.RecordedRequest;
import dev.probation.testing.Reply;
import dev.probation.util.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A two-turn tool conversation through the Anthropic client, against a real HTTP server on loopback. */
class AnthropicToolUseTest {

    private static final List<ToolSpec> TOOLS = List.of(new ToolSpec("list_files", "Lists a folder", null),
            new ToolSpec("read_file", "Reads a file", null));

    private FakeModelServer server;
    private Model model;

    @BeforeEach
    void start() {
        server = FakeModelServer.start();
        model = new AnthropicProvider().create(ModelRef.parse("anthropic:claude-test"), ModelSettings.defaults()
                .withBaseUrl(server.anthropicBaseUrl()).withTimeout(Duration.ofSeconds(5))
                .withEnvironment(Map.of("ANTHROPIC_API_KEY", "sk-ant-test-key-123456")::get));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatResponse chat(List<ChatMessage> conversation) {
        return model.chat(new ChatRequest("You are an ops agent.", conversation, null, null, null, null, TOOLS));
    }

    @Test
    void parallelToolUsesComeBackAsResultsGroupedInOneUserTurn() {
        server.respond(request -> request.body().path("messages").size() == 1
                ? Reply.toolCalls("I'll look first.", new Reply.Call("toolu_1", "list_files", "{\"dir\":\"/var/log\"}"),
                        new Reply.Call("toolu_2", "read_file", "{\"path\":\"/etc/oversight.yaml\",\"lines\":[1,2]}"))
                : Reply.text("The logs are tidy."));

        List<ChatMessage> conversation = new ArrayList<>(List.of(ChatMessage.user("Tidy the logs.")));
        ChatResponse first = chat(conversation);

        assertThat(first.text()).isEqualTo("I'll look first.");
        assertThat(first.finishReason()).isEqualTo("tool_use");
        assertThat(first.toolCalls()).containsExactly(new ToolCall("toolu_1", "list_files", "{\"dir\":\"/var/log\"}"),
                new ToolCall("toolu_2", "read_file", "{\"path\":\"/etc/oversight.yaml\",\"lines\":[1,2]}"));

        conversation.add(ChatMessage.assistant(first.text(), first.toolCalls()));
        conversation.add(ChatMessage.toolResult(first.toolCalls().get(0), "app.log\naudit.log"));
        conversation.add(ChatMessage.toolError(first.toolCalls().get(1), "no such file: /etc/oversight.yaml"));
        conversation.add(ChatMessage.user("Be quick."));
        assertThat(chat(conversation).text()).isEqualTo("The logs are tidy.");

        RecordedRequest sent = server.requests().get(1);
        assertThat(sent.body().path("messages")).isEqualTo(Json.MAPPER.readTree("""
                [{"role":"user","content":"Tidy the logs."},
                 {"role":"assistant","content":[
                   {"type":"text","text":"I'll look first."},
                   {"type":"tool_use","id":"toolu_1","name":"list_files","input":{"dir":"/var/log"}},
                   {"type":"tool_use","id":"toolu_2","name":"read_file","input":{"path":"/etc/oversight.yaml","lines":[1,2]}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_1","content":"app.log\\naudit.log","is_error":false},
                   {"type":"tool_result","tool_use_id":"toolu_2","content":"no such file: /etc/oversight.yaml","is_error":true},
                   {"type":"text","text":"Be quick."}]}]
                """));
        assertThat(sent.body().path("tools").path(1).path("name").asString()).isEqualTo("read_file");
    }

    @Test
    void consecutiveTurnsOfOneRoleAreMergedAndCallsOnlyTurnsHaveNoEmptyText() {
        ToolCall broken = new ToolCall("call_9", "read_file", "{\"path\": ");
        chat(List.of(ChatMessage.user("First."), ChatMessage.user("Second."), ChatMessage.assistant("", List.of(broken)),
                ChatMessage.toolError(broken, "the arguments are not valid JSON")));
        assertThat(server.requests().getFirst().body().path("messages")).isEqualTo(Json.MAPPER.readTree("""
                [{"role":"user","content":[{"type":"text","text":"First."},{"type":"text","text":"Second."}]},
                 {"role":"assistant","content":[
                   {"type":"tool_use","id":"call_9","name":"read_file","input":{"raw_arguments":"{\\"path\\": "}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"call_9","content":"the arguments are not valid JSON","is_error":true}]}]
                """));
    }

    @Test
    void aToolUseWithoutInputReadsAsEmptyArguments() {
        ChatResponse response = AnthropicMessages.parse(Json.MAPPER.readTree("""
                {"type":"message","role":"assistant","stop_reason":"tool_use",
                 "content":[{"type":"tool_use","id":"toolu_1","name":"list_files"}]}
                """), "claude-test");
        assertThat(response.toolCalls()).containsExactly(new ToolCall("toolu_1", "list_files", "{}"));
    }
}
