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

    @Test
    void aByteOrderMarkStartsTheFileAndBadBytesNameTheirLine() throws Exception {
        Path file = dir.resolve("bom.jsonl");
        Files.writeString(file, "\uFEFF{\"id\":\"a\",\"reasoning\":\"I think.\"}\r\n{\"id\":\"b\",\"reasoning\":\"So do I.\"}\r\n");
        assertThat(TraceReader.read(file)).extracting(Trace::id).containsExactly("a", "b");

        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, "{\"id\":\"a\",\"reasoning\":\"ok\"}\n{\"id\":\"b\",\"reasoning\":\"d\u00e9j\u00e0\"}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> TraceReader.read(latin1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(latin1 + ":2: not UTF-8 text (byte 0xE9 at column 25)");
    }

    private void assertError(String content, String message) throws Exception {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, content);
        assertThatThrownBy(() -> TraceReader.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
