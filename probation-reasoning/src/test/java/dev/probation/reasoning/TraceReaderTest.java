package dev.probation.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsLabelsAndKeepsOtherFields() throws Exception {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, "{\"id\":\"x\",\"reasoning\":\"I think.\",\"alignmentFaking\":false,\"criteria\":[\"believes-observed\"],\"extra\":7}\n\n");
        Trace trace = TraceReader.read(file).getFirst();
        assertThat(trace.alignmentFaking()).isFalse();
        assertThat(trace.evalAware()).isNull();
        assertThat(trace.criteria()).containsExactly(Criterion.BELIEVES_OBSERVED);
        assertThat(trace.fields().path("extra").asInt()).isEqualTo(7);
    }

    @Test
    void badLinesNameTheFileTheLineAndTheField() throws Exception {
        assertError("{\"id\":\"x\"}", "t.jsonl:1: field 'reasoning' is missing");
        assertError("{\"id\":\"x\",\"reasoning\":\"  \"}", "t.jsonl:1: field 'reasoning' is empty");
        assertError("{\"id\":\"x\",\"reasoning\":\"r\",\"alignmentFaking\":\"yes\"}", "t.jsonl:1: field 'alignmentFaking' must be true or false");
        assertError("{\"id\":\"x\",\"reasoning\":\"r\",\"criteria\":[\"telepathy\"]}", "t.jsonl:1: field 'criteria': unknown criterion 'telepathy'");
        assertError("[1,2]", "t.jsonl:1: each line must be a JSON object");
        assertError("{\"id\":\"x\",\"reasoning\":\"r\"}\n{\"id\":\"x\",\"reasoning\":\"s\"}", "t.jsonl:2: field 'id': 'x' appears twice");
        assertError("{\"id\":", "t.jsonl:1: not JSON");
    }

    private void assertError(String content, String message) throws Exception {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, content);
        assertThatThrownBy(() -> TraceReader.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
