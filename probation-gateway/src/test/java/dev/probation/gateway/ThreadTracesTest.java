package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.model.ChatResponse;
import dev.probation.model.ToolCall;
import dev.probation.model.Usage;
import dev.probation.util.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The gateway traces a continued Messages API thread after the trace of the answer it continues. */
class ThreadTracesTest {

    private static final String FIRST = "{\"max_tokens\":9,\"thread\":{\"type\":\"create\"},\"tools\":[{\"name\":\"read_file\"}],"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Look.\"}]}";

    private static String next(String previous) {
        return "{\"max_tokens\":9,\"thread\":{\"type\":\"continue\",\"previous_message_id\":\"" + previous + "\"},\"messages\":"
                + "[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"hi\"}]}]}";
    }

    private static final ChatResponse CALLS = new ChatResponse("", "", List.of(new ToolCall("toolu_1", "read_file", "{\"path\":\"a\"}")),
            "tool_use", Usage.NONE, "m");
    private static final ChatResponse DONE = new ChatResponse("Done.", "", List.of(), "end_turn", Usage.NONE, "m");

    private static ToolTrace trace(ThreadTraces threads, String request, ChatResponse answer, String id, boolean live) {
        JsonNode body = Json.MAPPER.readTree(request);
        return threads.trace(body, MessagesApi.request(body), answer, id, live);
    }

    @Test
    void aContinuedTurnNamesTheCallItsResultAnswersAndAShadowLeavesTheThreadWhereItWas() {
        ThreadTraces threads = new ThreadTraces();
        trace(threads, FIRST, CALLS, "msg_1", true);

        ToolTrace shadow = trace(threads, next("msg_1"), DONE, "msg_shadow", false);
        ToolTrace live = trace(threads, next("msg_1"), DONE, "msg_2", true);
        for (ToolTrace t : List.of(shadow, live)) {
            assertThat(t.tools()).extracting(s -> s.name()).containsExactly("read_file");
            assertThat(t.steps()).singleElement().isEqualTo(new ToolTrace.Step(1, "toolu_1", "read_file", "{\"path\":\"a\"}", "hi",
                    false, false));
        }
        assertThat(trace(threads, next("msg_2"), DONE, "msg_3", true).steps()).singleElement()
                .satisfies(s -> assertThat(s.name()).isEqualTo("read_file"));
        assertThat(trace(threads, next("msg_1"), DONE, "msg_4", true).steps()).as("msg_1 was let go once continued")
                .singleElement().satisfies(s -> assertThat(s.name()).isEmpty());
    }
}
