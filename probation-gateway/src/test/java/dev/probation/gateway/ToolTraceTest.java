package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ChatMessage;
import dev.probation.model.ChatRequest;
import dev.probation.model.ChatResponse;
import dev.probation.model.ToolCall;
import dev.probation.model.ToolSpec;
import dev.probation.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a conversation's tool calls become steps, and what a trace keeps of odd or oversized requests. */
class ToolTraceTest {

    private static final ToolCall READ = new ToolCall("a", "read_file", "{\"path\":\"x\"}");
    private static final ToolCall LIST = new ToolCall("b", "list_files", "{}");
    private static final ToolCall WRITE = new ToolCall("c", "write_file", "{\"path\":\"y\",\"content\":\"z\"}");

    @Test
    void parallelCallsShareAStepAndTheAnswersCallsComeLast() {
        ChatRequest request = new ChatRequest("", List.of(ChatMessage.user("go"), ChatMessage.assistant("", List.of(READ, LIST)),
                ChatMessage.toolResult(READ, "x's text"), ChatMessage.toolError(LIST, "no such folder")), null, null, null, null,
                List.of(new ToolSpec("read_file", "", null)));
        ToolTrace trace = ToolTrace.of(request, new ChatResponse("", "", List.of(WRITE), "tool_calls", Usage.NONE, ""));
        assertThat(trace.steps()).containsExactly(
                new ToolTrace.Step(1, "a", "read_file", "{\"path\":\"x\"}", "x's text", false, false),
                new ToolTrace.Step(1, "b", "list_files", "{}", "no such folder", true, false),
                new ToolTrace.Step(2, "c", "write_file", "{\"path\":\"y\",\"content\":\"z\"}", null, false, true));
        assertThat(trace.answerCalls()).extracting(ToolTrace.Step::callId).containsExactly("c");
        assertThat(ToolTrace.fromJson(trace.toJson())).isEqualTo(trace);
    }

    @Test
    void aResultWhoseCallWasTrimmedFromTheHistoryIsKeptOnItsOwn() {
        ChatRequest request = new ChatRequest("", List.of(ChatMessage.user("go"), ChatMessage.toolResult(READ, "x's text")),
                null, null, null, null, List.of());
        assertThat(ToolTrace.of(request, null).steps())
                .containsExactly(new ToolTrace.Step(0, "a", "read_file", "", "x's text", false, false));
    }

    @Test
    void longResultsAreCutAndPlainChatHasNoTrace() {
        ChatRequest request = new ChatRequest("", List.of(ChatMessage.user("go"), ChatMessage.assistant("", List.of(READ)),
                ChatMessage.toolResult(READ, "x".repeat(ToolTrace.TEXT_LIMIT + 10))), null, null, null, null, List.of());
        assertThat(ToolTrace.of(request, null).steps().getFirst().result())
                .hasSize(ToolTrace.TEXT_LIMIT + "… (10 more characters)".length()).endsWith("… (10 more characters)");
        assertThat(ToolTrace.of(ChatRequest.of("", "hi"), ChatResponse.of("hello"))).isSameAs(ToolTrace.NONE);
        assertThat(ToolTrace.NONE.toJson()).isEmpty();
        assertThat(ToolTrace.fromJson("")).isSameAs(ToolTrace.NONE);
    }

    @Test
    void aBodyThatIsNotAChatRequestHasNoTraceAndOtherToolKindsAreLeftOut() {
        assertThat(ToolTrace.read("/v1/chat/completions", "{not json", null)).isSameAs(ToolTrace.NONE);
        assertThat(ToolTrace.read("/v1/embeddings", "{\"input\":\"x\"}", null)).isSameAs(ToolTrace.NONE);
        String custom = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"custom\","
                + "\"custom\":{\"name\":\"grammar\"}},{\"type\":\"function\",\"function\":{\"name\":\"read_file\"}}]}";
        assertThat(ToolTrace.read("/v1/chat/completions", custom, null).tools()).extracting(ToolSpec::name)
                .containsExactly("read_file");
    }
}
