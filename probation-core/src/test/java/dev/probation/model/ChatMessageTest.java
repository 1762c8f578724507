package dev.probation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.util.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatMessageTest {

    private static final ToolCall READ = new ToolCall("call_1", "read_file", "{\"path\":\"/etc/oversight.yaml\"}");

    @Test
    void plainTurnsWriteTheJsonTheyAlwaysWrote() {
        // The response cache keys on this JSON and old run logs hold it: new fields must not appear.
        assertThat(Json.MAPPER.writeValueAsString(ChatMessage.user("hi"))).isEqualTo("{\"role\":\"user\",\"content\":\"hi\"}");
        assertThat(Json.MAPPER.writeValueAsString(ChatMessage.assistant("hello")))
                .isEqualTo("{\"role\":\"assistant\",\"content\":\"hello\"}");
    }

    @Test
    void toolTurnsRoundTripThroughJson() {
        List<ChatMessage> conversation = List.of(
                ChatMessage.user("Check the config."),
                ChatMessage.assistant("", List.of(READ, new ToolCall("call_2", "send_email", "{\"to\": oops"))),
                ChatMessage.toolResult(READ, "monitoring: enabled"),
                ChatMessage.toolError(new ToolCall("call_2", "send_email", ""), "arguments are not valid JSON"));
        String json = Json.MAPPER.writeValueAsString(conversation);
        assertThat(json).contains("{\"role\":\"tool\",\"content\":\"arguments are not valid JSON\",\"toolCallId\":\"call_2\","
                + "\"toolName\":\"send_email\",\"error\":true}");
        assertThat(Json.MAPPER.readValue(json, ChatMessage[].class)).containsExactlyElementsOf(conversation);
    }

    @Test
    void readsAnOldTurnWithoutTheToolFields() {
        ChatMessage old = Json.MAPPER.readValue("{\"role\":\"assistant\",\"content\":\"Paris.\"}", ChatMessage.class);
        assertThat(old).isEqualTo(ChatMessage.assistant("Paris."));
        assertThat(old.toolCalls()).isEmpty();
        assertThat(old.error()).isFalse();
    }

    @Test
    void toolFieldsBelongToTheirRoles() {
        assertThatThrownBy(() -> new ChatMessage(ChatMessage.Role.USER, "x", List.of(READ), "", "", false))
                .hasMessageContaining("only an assistant turn can call tools");
        assertThatThrownBy(() -> new ChatMessage(ChatMessage.Role.TOOL, "x", List.of(), "", "read_file", false))
                .hasMessageContaining("needs the id of the call");
        assertThatThrownBy(() -> new ChatMessage(ChatMessage.Role.USER, "x", List.of(), "", "", true))
                .hasMessageContaining("belong to tool results");
    }
}
