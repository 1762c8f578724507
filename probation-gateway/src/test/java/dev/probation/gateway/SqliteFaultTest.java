package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.testing.FakeModelServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A real SQLite file that stops taking writes, or disappears, while the gateway records to it. */
@Tag("integration")
class SqliteFaultTest {

    @TempDir
    Path dir;

    @Test
    void writesResumeOnceTheDatabaseFileCanBeWrittenAgain() {
        try (Harness h = Harness.start(dir)) {
            for (int i = 0; i < 5; i++) {
                assertThat(h.chat(Harness.chatBody("before " + i, false)).statusCode()).isEqualTo(200);
            }
            h.awaitRecorded(5);
            Path wal = dir.resolve("gateway.db-wal"); // in WAL mode every write lands here first
            assertThat(wal).exists();
            Immutable frozen = Immutable.make(wal);
            try {
                for (int i = 0; i < 10; i++) {
                    assertThat(h.chat(Harness.chatBody("while frozen " + i, false)).statusCode()).isEqualTo(200);
                }
                Harness.await(() -> !h.api("/api/status").path("databaseUp").asBoolean()
                        && h.api("/api/status").path("spooled").asLong() == 10, () -> h.api("/api/status").toString());
                // Stay frozen through the recorder's first retry (2 s), with the API reading from the pool
                // meanwhile, so that connections are opened, and read from, while the log cannot be written.
                readFromManyThreadsFor(h, Duration.ofSeconds(5));
            } finally {
                frozen.close();
            }
            // The recorder retries with backoff (2 s, doubling): allow for a few rounds.
            Harness.await(() -> h.gateway.pending() == 0 && h.api("/api/status").path("databaseUp").asBoolean(),
                    () -> h.api("/api/status").toString(), Duration.ofSeconds(60));
            assertThat(h.api("/api/exchanges?limit=1").path("total").asLong()).as("recorded == sent").isEqualTo(15);
            assertThat(h.chat(Harness.chatBody("after", false)).statusCode()).isEqualTo(200);
            h.awaitRecorded(16);
        }
    }

    private static void readFromManyThreadsFor(Harness h, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            readers.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    h.api("/api/exchanges?limit=1");
                }
            }));
        }
        for (Thread reader : readers) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A connection first used while the log is immutable opens it read-only, for good: its writes
     * then fail with SQLITE_READONLY and roll back cleanly, so nothing but a failed write tells it apart.
     */
    @Test
    void aConnectionThatOpenedTheLogReadOnlyWhileItWasFrozenIsNotKept() {
        try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("gateway.db"))) {
            store.insert(List.of(exchange("before")));
            Immutable frozen = Immutable.make(dir.resolve("gateway.db-wal"));
            try {
                for (int i = 0; i < 6; i++) {
                    String id = "while frozen " + i;
                    assertThatThrownBy(() -> store.insert(List.of(exchange(id)))).isInstanceOf(StoreException.class);
                    assertThat(store.exchanges(ExchangeQuery.latest(1)).total()).isEqualTo(1); // reads still work
                }
            } finally {
                frozen.close();
            }
            // Each connection that still fails is dropped, so at most the pool's four fail before one works.
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < 5 && store.exchanges(ExchangeQuery.latest(1)).total() == 1; i++) {
                try {
                    store.insert(List.of(exchange("after " + i)));
                } catch (StoreException e) {
                    failures.add(e.getMessage());
                }
            }
            assertThat(store.exchanges(ExchangeQuery.latest(1)).total()).as("writes resumed; failures: %s", failures)
                    .isEqualTo(2);
        }
    }

    private static Exchange exchange(String id) {
        return new Exchange(id, Exchange.Kind.LIVE, null, Instant.now(), 1, 1, 200, false, "m", "", "/v1/chat/completions",
                "{}", "{}", "Sure.", "", "stop", null, null, List.of());
    }

    @Test
    void aDeletedDataFolderIsNoticedAndTheDatabaseIsRestoredFromTheOpenFile() throws Exception {
        Path data = dir.resolve("data");
        try (LogCapture log = LogCapture.start()) {
            try (Harness h = Harness.start(data)) {
                for (int i = 0; i < 10; i++) {
                    assertThat(h.chat(Harness.chatBody("before " + i, false)).statusCode()).isEqualTo(200);
                }
                h.awaitRecorded(10);
                deleteRecursively(data);
                for (int i = 0; i < 10; i++) {
                    assertThat(h.chat(Harness.chatBody("after the deletion " + i, false)).statusCode()).isEqualTo(200);
                }
                Harness.await(() -> Files.exists(data.resolve("gateway.db")), () -> "the database file is still missing",
                        Duration.ofSeconds(30));
                JsonNode status = h.api("/api/status");
                assertThat(status.path("databaseFilePresent").asBoolean()).isTrue();
                assertThat(status.path("fileEvents").get(0).asString()).contains("was deleted while the gateway ran; it is restored");
                h.awaitRecorded(20);
                h.gateway.close();
                assertThat(h.gateway.stoppedMessage()).isEqualTo("Probation gateway stopped; every exchange is recorded.");
                h.gateway = null;
            }
            assertThat(log.lines("was deleted while the gateway ran; it is restored")).as(log.text()).isEqualTo(1);
        }
        try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + data.resolve("gateway.db"))) {
            assertThat(store.exchanges(ExchangeQuery.latest(1)).total()).as("recorded == sent").isEqualTo(20);
        }
    }

    @Test
    void spooledRecordsDeletedWithTheirFolderAreReportedLost() throws Exception {
        try (FakeModelServer upstream = FakeModelServer.start()) {
            FlakyStore store = new FlakyStore(JdbcStore.open("jdbc:sqlite:" + dir.resolve("db/gateway.db")));
            Path data = dir.resolve("data");
            GatewayConfig config = GatewayConfig.builder(URI.create(upstream.openAiBaseUrl())).port(0).dataDir(data)
                    .adminToken(Harness.TOKEN).build();
            Gateway gateway = Gateway.start(config, Harness.detectors(), store);
            try {
                store.down = true;
                for (int i = 0; i < 5; i++) {
                    assertThat(Harness.post(gateway, Harness.chatBody("spooled " + i, false))).isEqualTo(200);
                }
                Harness.await(() -> OutageTest.status(gateway).path("spooled").asLong() == 5);
                deleteRecursively(data.resolve("spool"));
                Harness.await(() -> OutageTest.status(gateway).path("lost").asLong() == 5,
                        () -> OutageTest.status(gateway).toString());
                assertThat(OutageTest.status(gateway).path("fileEvents").toString())
                        .contains("deleted with 5 record(s) waiting in them");
                store.down = false;
                assertThat(Harness.post(gateway, Harness.chatBody("after", false))).isEqualTo(200);
                Harness.await(() -> gateway.store().exchanges(ExchangeQuery.latest(1)).total() == 1);
            } finally {
                gateway.close();
            }
            assertThat(gateway.stoppedMessage()).isEqualTo("Probation gateway stopped; 5 exchange(s) were lost (see the log).");
        }
    }

    static void deleteRecursively(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
