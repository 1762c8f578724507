package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private static Exchange exchange(String id) {
        return new Exchange(id, Exchange.Kind.LIVE, null, Instant.parse("2026-11-27T10:00:00Z"), 1, 1, 200, false,
                "m", "", "/v1/chat/completions", "{}", "{}", "answer " + id, "", "stop", null, null, List.of());
    }

    @Test
    void aLineTornByACrashIsSkippedAndTheRecordsAroundItAreKept() throws Exception {
        Spool<Exchange> before = new Spool<>(dir, "spool", Exchange.class);
        before.append(List.of(exchange("a")), true);
        // The process died in the middle of the next append.
        Files.writeString(dir.resolve("spool.jsonl"), "{\"id\":\"torn\",\"kind\":\"LI", StandardOpenOption.APPEND);

        Spool<Exchange> after = new Spool<>(dir, "spool", Exchange.class);
        after.append(List.of(exchange("b")), true);
        List<String> replayed = new ArrayList<>();
        after.replay(batch -> batch.forEach(e -> replayed.add(e.id())));
        assertThat(replayed).containsExactly("a", "b");
        assertThat(after.pending()).isZero();
        assertThat(Files.list(dir).toList()).isEmpty();
    }

    @Test
    void aLineTornInsideAMultibyteCharacterDoesNotStopTheSpool() throws Exception {
        Spool<Exchange> before = new Spool<>(dir, "spool", Exchange.class);
        before.append(List.of(exchange("a")), true);
        byte[] torn = "{\"id\":\"torn\",\"answer\":\"it\u2019".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("spool.jsonl"), java.util.Arrays.copyOf(torn, torn.length - 1), StandardOpenOption.APPEND);

        Spool<Exchange> after = new Spool<>(dir, "spool", Exchange.class);
        assertThat(after.pending()).isEqualTo(2);
        after.append(List.of(exchange("b")), true);
        List<String> replayed = new ArrayList<>();
        after.replay(batch -> batch.forEach(e -> replayed.add(e.id())));
        assertThat(replayed).containsExactly("a", "b");
    }

    @Test
    void aRefusedBatchIsKeptWithTheRestOfItsFileAndWhatWentBeforeIsNotHandedOnAgain() {
        Spool<Exchange> spool = new Spool<>(dir, "spool", Exchange.class);
        List<Exchange> many = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            many.add(exchange("e" + i));
        }
        spool.append(many, true);
        List<String> handed = new ArrayList<>();
        int[] calls = {0};
        assertThatThrownBy(() -> spool.replay(batch -> {
            if (++calls[0] == 2) {
                throw new StoreException("down", null);
            }
            batch.forEach(e -> handed.add(e.id()));
        })).isInstanceOf(StoreException.class);
        assertThat(handed).hasSize(200);
        assertThat(spool.pending()).isEqualTo(250);
        spool.replay(batch -> batch.forEach(e -> handed.add(e.id())));
        assertThat(handed).hasSize(450).doesNotHaveDuplicates();
        assertThat(spool.pending()).isZero();
    }

    @Test
    void aRefusedReplayKeepsItsFileAndCountForTheNextTry() throws Exception {
        Spool<Exchange> spool = new Spool<>(dir, "spool", Exchange.class);
        spool.append(List.of(exchange("a"), exchange("b")), true);
        assertThatThrownBy(() -> spool.replay(batch -> {
            throw new StoreException("down", null);
        })).isInstanceOf(StoreException.class);
        assertThat(spool.pending()).isEqualTo(2);
        spool.append(List.of(exchange("c")), true);
        assertThat(spool.pending()).isEqualTo(3);
        List<String> replayed = new ArrayList<>();
        spool.replay(batch -> batch.forEach(e -> replayed.add(e.id())));
        assertThat(replayed).containsExactly("a", "b", "c");
        assertThat(new Spool<>(dir, "spool", Exchange.class).pending()).isZero();
    }

    @Test
    void capturesRoundTripWithTheirBytes() {
        Spool<Capture> overflow = new Spool<>(dir, "overflow", Capture.class);
        byte[] body = "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        overflow.append(List.of(new Capture("c1", Exchange.Kind.LIVE, null, Instant.EPOCH, 5, 3, 200,
                "application/json", "tag", "/v1/chat/completions", body, new byte[] {0, 1, (byte) 0xff}, null)), false);
        List<Capture> back = new ArrayList<>();
        overflow.replay(back::addAll);
        assertThat(back).singleElement().satisfies(c -> {
            assertThat(c.request()).isEqualTo(body);
            assertThat(c.response()).containsExactly(0, 1, (byte) 0xff);
            assertThat(c.clientTag()).isEqualTo("tag");
        });
    }
}
