package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.testing.FakeModelServer;
import dev.probation.util.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The database is down and the spool cannot be written either (its folder is blocked by a file,
 * the way a full or failing disk refuses it): records are held in memory up to the bound, then calls
 * are refused with 503 (or passed through unrecorded); nothing taken is lost, and recording resumes
 * by itself once the disk takes records again.
 */
class DiskFullTest {

    private static final long HOLD = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void recordsAreHeldInMemoryUpToTheBoundThenCallsAreRefusedAndNothingIsLost() throws Exception {
        try (FakeModelServer upstream = FakeModelServer.start(); LogCapture log = LogCapture.start()) {
            FlakyStore store = new FlakyStore(JdbcStore.open("jdbc:sqlite:" + dir.resolve("db/gateway.db")));
            Path data = dir.resolve("data");
            GatewayConfig config = GatewayConfig.builder(URI.create(upstream.openAiBaseUrl())).port(0).dataDir(data)
                    .adminToken(Harness.TOKEN).holdLimit(HOLD).build();
            try (Gateway gateway = Gateway.start(config, Harness.detectors(), store)) {
                store.down = true;
                blockSpool(data);
                List<HttpResponse<String>> answers = sendUntilRefused(gateway);
                HttpResponse<String> refused = answers.getLast();
                int held = answers.size() - 1;
                assertThat(held).as("calls held before the bound").isGreaterThan(3);
                assertThat(refused.statusCode()).isEqualTo(503);
                JsonNode error = Json.MAPPER.readTree(refused.body()).path("error");
                assertThat(error.path("code").asString()).isEqualTo("recording_unavailable");
                assertThat(error.path("type").asString()).isEqualTo("probation_gateway_error");
                assertThat(upstream.requestCount()).as("a refused call never reaches the upstream").isEqualTo(held);

                JsonNode status = OutageTest.status(gateway);
                assertThat(status.path("recording").asString()).isEqualTo("refusing");
                assertThat(status.path("spoolWritable").asBoolean()).isFalse();
                assertThat(status.path("held").asLong()).isEqualTo(held);
                assertThat(status.path("heldBytes").asLong()).isGreaterThanOrEqualTo(HOLD);
                assertThat(status.path("holdLimitBytes").asLong()).isEqualTo(HOLD);
                assertThat(status.path("refused").asLong()).isEqualTo(1);
                String metrics = Harness.get(gateway, "/metrics");
                assertThat(metrics).contains("probation_gateway_held " + held + ".0", "probation_gateway_recording 0.0",
                        "probation_gateway_spool_writable 0.0", "probation_gateway_refused 1.0");

                assertThat(Harness.post(gateway, Harness.chatBody("still refused", false))).isEqualTo(503);
                unblockSpool(data);
                Harness.await(() -> OutageTest.status(gateway).path("held").asLong() == 0, () -> OutageTest.status(gateway).toString());
                assertThat(OutageTest.status(gateway).path("spooled").asLong()).isEqualTo(held);
                store.down = false;
                Harness.await(() -> gateway.pending() == 0, () -> OutageTest.status(gateway).toString(), Duration.ofSeconds(60));
                assertThat(gateway.store().exchanges(ExchangeQuery.latest(1)).total()).as("recorded == taken").isEqualTo(held);
                assertThat(Harness.post(gateway, Harness.chatBody("after", false))).isEqualTo(200);
                Harness.await(() -> gateway.store().exchanges(ExchangeQuery.latest(1)).total() == held + 1);
                assertThat(OutageTest.status(gateway).path("recording").asString()).isEqualTo("ok");
            }
            String text = log.text();
            assertThat(log.lines("cannot write to the spool")).as(text).isEqualTo(1);
            assertThat(log.lines("the records held in memory reached")).as(text).isEqualTo(1);
            assertThat(log.lines("held in memory are saved")).as(text).isEqualTo(1);
            assertThat(log.lines("are below 65536 bytes again; calls are recorded again")).as(text).isEqualTo(1);
            assertThat(log.lines("can be written again")).as(text).isEqualTo(1);
            assertThat(text).as("no stack traces").doesNotContain("\tat ");
        }
    }

    @Test
    void withPassUnrecordedCallsBeyondTheBoundReachTheUpstreamUnrecorded() throws Exception {
        try (FakeModelServer upstream = FakeModelServer.start()) {
            FlakyStore store = new FlakyStore(JdbcStore.open("jdbc:sqlite:" + dir.resolve("db/gateway.db")));
            Path data = dir.resolve("data");
            GatewayConfig config = GatewayConfig.builder(URI.create(upstream.openAiBaseUrl())).port(0).dataDir(data)
                    .adminToken(Harness.TOKEN).holdLimit(HOLD).passUnrecorded(true).build();
            try (Gateway gateway = Gateway.start(config, Harness.detectors(), store)) {
                store.down = true;
                blockSpool(data);
                int held = 0;
                while (!OutageTest.status(gateway).path("recording").asString().equals("passing-unrecorded")) {
                    assertThat(Harness.post(gateway, body(held))).isEqualTo(200);
                    held++;
                    int expected = held;
                    Harness.await(() -> OutageTest.status(gateway).path("held").asLong() == expected);
                }
                HttpResponse<String> passed = send(gateway, body(held));
                assertThat(passed.statusCode()).isEqualTo(200);
                assertThat(passed.headers().firstValue(Proxy.EXCHANGE_HEADER)).as("not recorded").isEmpty();
                assertThat(upstream.requestCount()).isEqualTo(held + 1);
                assertThat(OutageTest.status(gateway).path("unrecorded").asLong()).isEqualTo(1);

                unblockSpool(data);
                store.down = false;
                int recorded = held;
                Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(1)).total() == recorded,
                        () -> OutageTest.status(gateway).toString(), Duration.ofSeconds(60));
                assertThat(gateway.stoppedMessage()).doesNotContain("every exchange is recorded")
                        .contains("1 call(s) were passed through unrecorded");
            }
        }
    }

    @Test
    void capturesThatOverflowTheQueueAreHeldWhenTheOverflowSpoolCannotBeWritten() throws Exception {
        Path data = dir.resolve("data");
        try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("db/gateway.db"))) {
            // A queue of one, and a recorder not started yet: the second and third capture overflow.
            Recorder recorder = new Recorder(store, data.resolve("spool"), new OnlineAnalysis(List.of(), 1 << 20), 1, HOLD,
                    false);
            blockSpool(data);
            for (int i = 0; i < 3; i++) {
                byte[] body = Harness.chatBody("overflow " + i, false).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                recorder.submit(new Capture("c" + i, Exchange.Kind.LIVE, null, java.time.Instant.now(), 1, 1, 200,
                        "application/json", "", "/v1/chat/completions", body, "{}".getBytes(), null));
            }
            assertThat(recorder.queued()).isEqualTo(1);
            assertThat(recorder.hold().count()).as("held, not lost").isEqualTo(2);
            unblockSpool(data);
            recorder.start();
            Harness.await(() -> store.exchanges(ExchangeQuery.latest(1)).total() == 3);
            recorder.close();
            assertThat(recorder.lost()).isZero();
        }
    }

    /** Sends calls, each waiting until the last is held, until one is refused; returns every answer. */
    private static List<HttpResponse<String>> sendUntilRefused(Gateway gateway) {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> answer = send(gateway, body(i));
            answers.add(answer);
            if (answer.statusCode() != 200) {
                return answers;
            }
            int expected = i + 1;
            Harness.await(() -> OutageTest.status(gateway).path("held").asLong() == expected,
                    () -> OutageTest.status(gateway).toString());
        }
        throw new AssertionError("100 calls of about 8 KiB were all taken with a hold of 64 KiB");
    }

    /** A call of about 4 KiB, held as about 8 KiB of text. */
    private static String body(int i) {
        return Harness.chatBody(i + " " + "x".repeat(4000), false);
    }

    /** A file where the spool's folder should be: every write to the spool fails, as on a full disk. */
    private static void blockSpool(Path data) throws Exception {
        Path spool = data.resolve("spool");
        SqliteFaultTest.deleteRecursively(spool);
        Files.writeString(spool, "not a folder");
    }

    private static void unblockSpool(Path data) throws Exception {
        Files.delete(data.resolve("spool"));
    }

    private static HttpResponse<String> send(Gateway gateway, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("the request failed: " + e, e);
        }
    }
}
