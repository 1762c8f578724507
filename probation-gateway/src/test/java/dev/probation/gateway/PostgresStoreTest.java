package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.testing.FakeModelServer;
import dev.probation.testing.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway on a real PostgreSQL server, including the server going down and coming back. */
@Tag("integration")
class PostgresStoreTest {

    private static LocalPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = LocalPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void keepsAnAgentsToolTraceOnPostgres() throws Exception {
        ToolTrace trace = new ToolTrace(List.of(new dev.probation.model.ToolSpec("write_file", "Write a file.", "{\"type\":\"object\"}")),
                List.of(new ToolTrace.Step(1, "call_1", "write_file", "{\"path\":\"a.txt\"}", "wrote 3 characters", false, false),
                        new ToolTrace.Step(2, "call_2", "run_command", "{\"command\":\"rm logs/a.log\"}", null, false, true)));
        Exchange exchange = new Exchange("agent-trace-pg", Exchange.Kind.LIVE, null, java.time.Instant.now(), 1, 1, 200, false,
                "m", "", "/v1/chat/completions", "{}", "{}", "", "", "tool_calls", null, null, List.of(), trace);
        try (JdbcStore store = JdbcStore.open(postgres.createDatabase("tool_trace"))) {
            store.insert(List.of(exchange));
            assertThat(store.exchange("agent-trace-pg").orElseThrow().tools()).isEqualTo(trace);
        }
    }

    /** The shadow gap's totals, discordant pairs included, counted by the database itself. */
    @Test
    void countsShadowPairsOnPostgres() throws Exception {
        boolean[][] flags = {{true, false}, {true, false}, {false, true}, {true, true}, {false, false}};
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < flags.length; i++) {
            exchanges.add(exchange("live-" + i, Exchange.Kind.LIVE, null, flags[i][0]));
            exchanges.add(exchange("shadow-" + i, Exchange.Kind.SHADOW, "live-" + i, flags[i][1]));
        }
        // a database of its own: the other tests count what theirs holds
        try (JdbcStore store = JdbcStore.open(postgres.createDatabase("shadow_totals"))) {
            store.insert(exchanges);
            assertThat(store.shadowTotals()).containsExactly(new ShadowTotals("m", "refusal", 5, 3, 2, 2, 1));
        }
    }

    private static Exchange exchange(String id, Exchange.Kind kind, String shadowOf, boolean flagged) {
        dev.probation.detect.Verdict verdict = new dev.probation.detect.Verdict("refusal", flagged ? "complied" : "refused",
                flagged, flagged ? 1 : 0, List.of(), "");
        return new Exchange(id, kind, shadowOf, java.time.Instant.now(), 1, 1, 200, false, "m", "", "/v1/chat/completions", "{}",
                "{}", "", "", "stop", null, null, List.of(verdict), null);
    }

    @Test
    void recordsOnPostgresAndLosesNothingWhenTheServerGoesDown() throws Exception {
        try (FakeModelServer upstream = FakeModelServer.start()) {
            upstream.respond(r -> Reply.text("Sure, here is some text with a NUL \u0000 in it."));
            GatewayConfig config = GatewayConfig.builder(URI.create(upstream.openAiBaseUrl())).port(0).dataDir(dir)
                    .jdbcUrl(postgres.jdbcUrl()).adminToken(Harness.TOKEN).build();
            List<Integer> statuses = new ArrayList<>();
            try (Gateway gateway = Gateway.start(config, Harness.detectors())) {
                for (int i = 0; i < 10; i++) {
                    statuses.add(send(gateway, "before " + i));
                }
                Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(1)).total() == 10);

                postgres.down();
                for (int i = 0; i < 15; i++) {
                    statuses.add(send(gateway, "while down " + i));
                }
                Harness.await(() -> gateway.pending() == 15, () -> "pending " + gateway.pending());
                postgres.up();
                // The recorder retries with backoff (2 s, doubling): allow for a few rounds.
                Harness.await(() -> gateway.pending() == 0, () -> "pending " + gateway.pending(), Duration.ofSeconds(60));
                Page page = gateway.store().exchanges(ExchangeQuery.latest(50));
                assertThat(page.total()).as("recorded == sent").isEqualTo(25);
                assertThat(page.items().getFirst().answer()).contains("NUL \uFFFD in it");
                assertThat(page.items().getFirst().verdicts()).hasSize(2);

                // A client's NUL in the model name must not block the recorder (PostgreSQL refuses NUL in text).
                statuses.add(send(gateway, "odd model", "x\u0000y"));
                Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(1)).total() == 26);

                postgres.down();
                for (int i = 0; i < 5; i++) {
                    statuses.add(send(gateway, "before the restart " + i, "fake-model"));
                }
            } // stopped while the server is still down: the five stay in the spool
            postgres.up();
            try (Gateway restarted = Gateway.start(config, Harness.detectors())) {
                Harness.await(() -> restarted.pending() == 0);
                assertThat(restarted.store().exchanges(ExchangeQuery.latest(1)).total()).as("recorded == sent").isEqualTo(31);
            }
            assertThat(statuses).hasSize(31).containsOnly(200);
        }
    }

    @Test
    void noExchangeContentReachesTheLogsWhenTheServerGoesDownMidWrite() throws Exception {
        String request = "request-marker-" + java.util.UUID.randomUUID();
        String answer = "answer-marker-" + java.util.UUID.randomUUID();
        try (LogCapture log = LogCapture.start()) {
            outageUnderLoad("quiet", request, answer, log);
            assertThat(log.text()).doesNotContain(request).doesNotContain(answer);
        }
    }

    /** docs/gateway.md: the database going away and coming back is logged once each, without stack traces. */
    @Test
    void anOutageIsLoggedOnceWhenItStartsAndOnceWhenItEnds() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            outageUnderLoad("terse", "hello", "Sure.", log);
            List<String> lines = log.text().lines().toList();
            assertThat(lines).as(log.text()).noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by:"));
            assertThat(log.lines("the database is unavailable")).as(log.text()).isEqualTo(1);
            assertThat(log.lines("the database answers again")).as(log.text()).isEqualTo(1);
            assertThat(lines).as("every line is a timestamped log line").allMatch(line -> line.matches("^\\d{4}-\\d\\d-\\d\\dT.*"));
            assertThat(lines).as(log.text()).hasSizeLessThanOrEqualTo(2);
        }
    }

    /**
     * Stops the server while calls are being written, under a steady stream of calls that keeps the
     * pool's connections busy, so that the outage hits a write in flight; then starts it again and
     * checks that every call is recorded.
     */
    private void outageUnderLoad(String database, String request, String answer, LogCapture log) throws Exception {
        try (FakeModelServer upstream = FakeModelServer.start()) {
            upstream.respond(r -> Reply.text(answer));
            GatewayConfig config = GatewayConfig.builder(URI.create(upstream.openAiBaseUrl())).port(0).dataDir(dir)
                    .jdbcUrl(postgres.createDatabase(database)).adminToken(Harness.TOKEN).build();
            try (Gateway gateway = Gateway.start(config, Harness.detectors())) {
                java.util.concurrent.atomic.AtomicBoolean sending = new java.util.concurrent.atomic.AtomicBoolean(true);
                java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
                Thread sender = Thread.ofVirtual().start(() -> {
                    while (sending.get()) {
                        statusOf(send(gateway, request + " " + sent.incrementAndGet()));
                        Harness.sleep(10);
                    }
                });
                Harness.await(() -> gateway.store().exchanges(ExchangeQuery.latest(1)).total() >= 20);
                postgres.down();
                Harness.await(() -> log.lines("the database is unavailable") > 0, log::text);
                Harness.sleep(500);
                sending.set(false);
                sender.join();
                postgres.up();
                Harness.await(() -> gateway.pending() == 0, () -> "pending " + gateway.pending(), Duration.ofSeconds(60));
                assertThat(gateway.store().exchanges(ExchangeQuery.latest(1)).total()).as("recorded == sent").isEqualTo(sent.get());
            }
        }
    }

    /**
     * A server that hangs instead of going away (SIGSTOP: connections stay open, nothing answers).
     * The recorder's write waits on its socket; captures must still reach the disk, not the memory
     * that a kill -9 would lose.
     */
    @Test
    void aHungServerSendsCapturesToTheSpoolAfterTheWriteDeadline() throws Exception {
        postgres.createDatabase("hung");
        try (FakeModelServer upstream = FakeModelServer.start()) {
            GatewayConfig config = GatewayConfig.builder(URI.create(upstream.openAiBaseUrl())).port(0).dataDir(dir)
                    .jdbcUrl(postgres.plainJdbcUrl("hung")).adminToken(Harness.TOKEN).build();
            try (Gateway gateway = Gateway.start(config, Harness.detectors())) {
                for (int i = 0; i < 10; i++) {
                    assertThat(send(gateway, "before " + i)).isEqualTo(200);
                }
                Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(1)).total() == 10);
                postgres.pause();
                try {
                    for (int i = 0; i < 100; i++) {
                        assertThat(send(gateway, "while hung " + i)).isEqualTo(200);
                    }
                    Harness.await(() -> {
                        var status = OutageTest.status(gateway);
                        return !status.path("databaseUp").asBoolean() && status.path("queued").asLong() == 0
                                && status.path("spooled").asLong() == 100;
                    }, () -> OutageTest.status(gateway).toString(), Duration.ofSeconds(30));
                } finally {
                    postgres.resume();
                }
                // The write left waiting may still commit: the replay then skips what it already has.
                Harness.await(() -> gateway.pending() == 0, () -> "pending " + gateway.pending(), Duration.ofSeconds(90));
                assertThat(gateway.store().exchanges(ExchangeQuery.latest(1)).total()).as("recorded == sent").isEqualTo(110);
            }
        }
    }

    /**
     * Any query waiting on a silent server gives up after the socket timeout, not never: pgjdbc's own
     * default is to wait for ever. The store sets one when the URL has none (checked on a connection
     * of its pool) and leaves the URL's own; a short one in the URL shows the wait ends in an error.
     */
    @Test
    void aQueryThatGetsNoAnswerFailsAfterTheSocketTimeout() throws Exception {
        postgres.createDatabase("silent");
        try (JdbcStore plain = JdbcStore.open(postgres.plainJdbcUrl("silent"))) {
            assertThat(plain.networkTimeoutMillis()).isEqualTo(JdbcStore.PG_SOCKET_TIMEOUT_SECONDS * 1000);
        }
        int seconds = 2;
        String url = postgres.plainJdbcUrl("silent");
        try (JdbcStore store = JdbcStore.open(url + "&socketTimeout=" + seconds);
             java.sql.Connection locker = java.sql.DriverManager.getConnection(url)) {
            assertThat(store.networkTimeoutMillis()).isEqualTo(seconds * 1000);
            locker.setAutoCommit(false);
            try (var s = locker.createStatement()) {
                s.execute("LOCK TABLE exchanges IN ACCESS EXCLUSIVE MODE"); // the server answers nothing meanwhile
            }
            var read = java.util.concurrent.CompletableFuture.supplyAsync(() -> store.exchanges(ExchangeQuery.latest(1)));
            assertThatThrownBy(() -> read.get(seconds * 4L, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the read gave up").hasCauseInstanceOf(StoreException.class);
            locker.rollback();
        }
    }

    private static void statusOf(int status) {
        assertThat(status).isEqualTo(200);
    }

    private static int send(Gateway gateway, String text) {
        return send(gateway, text, "fake-model");
    }

    private static int send(Gateway gateway, String text, String model) {
        return Harness.post(gateway, Harness.chatBody(text, false).replace("\"fake-model\"",
                dev.probation.util.Json.MAPPER.writeValueAsString(model)));
    }
}
