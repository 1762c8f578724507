package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.detect.Detector;
import dev.probation.detect.Verdict;
import dev.probation.model.ChatResponse;
import dev.probation.scenario.Scenario;
import dev.probation.testing.FakeModelServer;
import dev.probation.testing.Fault;
import dev.probation.testing.Reply;
import dev.probation.testing.ResettingServer;
import dev.probation.util.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Clients get faithful errors, the gateway stays up, and every call sent is recorded. */
class FaultTest {

    @TempDir
    Path dir;

    @Test
    void upstreamFailuresReachTheClientFaithfullyAndAreAllRecorded() throws Exception {
        try (Harness h = Harness.start(dir, b -> b.upstreamTimeout(Duration.ofMillis(500)))) {
            h.upstream.enqueue(Fault.serverError(503));
            HttpResponse<String> unavailable = h.chat(Harness.chatBody("a", false));
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.body()).isEqualTo("{\"error\":{\"message\":\"upstream failure\",\"type\":\"server_error\"}}");

            h.upstream.enqueue(Fault.slow(Duration.ofSeconds(3)));
            HttpResponse<String> slow = h.chat(Harness.chatBody("b", false));
            assertThat(slow.statusCode()).isEqualTo(504);
            assertThat(Json.MAPPER.readTree(slow.body()).path("error").path("code").asString()).isEqualTo("upstream_timeout");

            h.upstream.enqueue(Fault.malformed());
            HttpResponse<String> malformed = h.chat(Harness.chatBody("c", false));
            assertThat(malformed.statusCode()).isEqualTo(200);
            assertThat(malformed.body()).isEqualTo("<html><body>502 Bad Gateway</body></html>");

            h.upstream.enqueue(Fault.truncated());
            HttpResponse<String> truncated = h.chat(Harness.chatBody("d", false));
            assertThat(truncated.statusCode()).isEqualTo(502);
            assertThat(Json.MAPPER.readTree(truncated.body()).path("error").path("code").asString()).isEqualTo("upstream_failed");

            h.upstream.enqueue(Fault.truncated());
            HttpResponse<String> brokenStream = h.chat(Harness.chatBody("e", true));
            assertThat(brokenStream.statusCode()).isEqualTo(200);
            assertThat(brokenStream.body()).startsWith("{\"id\":\"chatcmpl-trunc").contains("upstream_stream_broken");

            h.upstream.enqueue(Fault.stalled(Duration.ofSeconds(3)));
            HttpResponse<String> stalled = h.chat(Harness.chatBody("g", false));
            assertThat(stalled.statusCode()).as("silent mid-body").isEqualTo(504);
            assertThat(stalled.headers().firstValue(Proxy.EXCHANGE_HEADER)).isPresent();

            HttpResponse<String> fine = h.chat(Harness.chatBody("f", false));
            assertThat(fine.statusCode()).as("the gateway stays up").isEqualTo(200);

            h.awaitRecorded(7);
            JsonNode all = h.api("/api/exchanges?limit=10").path("items");
            assertThat(all.get(1).path("error").asString()).isEqualTo("upstream timeout mid-answer");
            assertThat(all.get(1).path("id").asString()).isEqualTo(stalled.headers().firstValue(Proxy.EXCHANGE_HEADER).orElseThrow());
            JsonNode items = h.api("/api/exchanges?limit=10&offset=1").path("items"); // all but the newest
            assertThat(all.findValuesAsString("status").stream().map(Integer::parseInt).toList())
                    .containsExactly(200, 504, 200, 502, 200, 504, 503);
            assertThat(items.get(1).path("error").asString()).contains("stream broke off");
            assertThat(items.get(2).path("error").asString()).contains("upstream connection failed");
            assertThat(items.get(3).path("error").asString()).contains("not JSON");
            assertThat(items.get(4).path("error").asString()).isEqualTo("upstream timeout");
            assertThat(items.get(5).path("verdicts").isEmpty()).as("no verdicts on an error answer").isTrue();
        }
    }

    @Test
    void resetAndUnreachableUpstreamsGive502() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (ResettingServer resetting = ResettingServer.start();
             Gateway gateway = Gateway.start(config(resetting.baseUrl()), Harness.detectors());
             Gateway nowhere = Gateway.start(config("http://127.0.0.1:" + closedPort + "/v1"), Harness.detectors())) {
            for (Gateway g : List.of(gateway, nowhere)) {
                HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + "/v1/chat/completions"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Harness.chatBody("x", false))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(502);
                assertThat(Json.MAPPER.readTree(response.body()).path("error").path("type").asString())
                        .isEqualTo("probation_gateway_error");
            }
            Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(5)).total() == 1);
            assertThat(gateway.store().exchanges(ExchangeQuery.latest(5)).items().getFirst().status()).isEqualTo(502);
        }
    }

    private GatewayConfig config(String upstream) {
        Path sub = dir.resolve(String.valueOf(upstream.hashCode()));
        return GatewayConfig.builder(URI.create(upstream)).port(0).dataDir(sub).adminToken(Harness.TOKEN).build();
    }

    @Test
    void aClientLeavingMidStreamIsRecordedAs499() throws Exception {
        try (Harness h = Harness.start(dir)) {
            h.upstream.chunkDelay(Duration.ofMillis(100)).respond(r -> Reply.text("a b c d e f g h i j k l m n o p"));
            String body = Harness.chatBody("go", true);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), h.gateway.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = socket.getInputStream();
                String seen = "";
                byte[] buffer = new byte[4096];
                while (!seen.contains("\"content\":\"b ")) {
                    int read = in.read(buffer);
                    assertThat(read).isPositive();
                    seen += new String(buffer, 0, read, StandardCharsets.UTF_8);
                }
                socket.setSoLinger(true, 0); // leave abruptly
            }
            h.awaitRecorded(1);
            JsonNode item = h.api("/api/exchanges").path("items").get(0);
            assertThat(item.path("status").asInt()).isEqualTo(Proxy.CLIENT_CLOSED);
            assertThat(item.path("error").asString()).contains("client went away");
            HttpResponse<String> next = h.chat(Harness.chatBody("still there?", false));
            assertThat(next.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whileTheDatabaseIsDownExchangesAreSpooledThenReplayedAndSurviveARestart() throws Exception {
        FakeModelServer upstream = FakeModelServer.start();
        try (upstream) {
            FlakyStore store = new FlakyStore(JdbcStore.open("jdbc:sqlite:" + dir.resolve("gateway.db")));
            GatewayConfig config = GatewayConfig.builder(URI.create(upstream.openAiBaseUrl())).port(0).dataDir(dir)
                    .adminToken(Harness.TOKEN).build();
            Gateway gateway = Gateway.start(config, Harness.detectors(), store);
            List<Integer> statuses = new ArrayList<>();
            statuses.add(send(gateway, "before the outage"));
            // The client has its answer before the capture is queued: wait for the record itself.
            Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(1)).total() == 1);
            store.down = true;
            for (int i = 0; i < 20; i++) {
                statuses.add(send(gateway, "during the outage " + i));
            }
            Harness.await(() -> gateway.pending() == 20, () -> "pending " + gateway.pending());
            store.down = false;
            Harness.await(() -> gateway.pending() == 0);
            assertThat(gateway.store().exchanges(ExchangeQuery.latest(1)).total()).isEqualTo(21);

            store.down = true;
            for (int i = 0; i < 5; i++) {
                statuses.add(send(gateway, "just before the restart " + i));
            }
            gateway.close(); // orderly shutdown while the database is still away: all five stay in the spool
            assertThat(statuses).hasSize(26).containsOnly(200);

            try (Gateway restarted = Gateway.start(config, Harness.detectors())) {
                Harness.await(() -> restarted.pending() == 0);
                Page page = restarted.store().exchanges(ExchangeQuery.latest(30));
                assertThat(page.total()).as("recorded exchanges == sent").isEqualTo(26);
                assertThat(page.items()).extracting(Exchange::verdicts).allMatch(v -> v.size() == 2);
            }
        }
    }

    @Test
    void aRecordTheDatabaseRefusesIsSetAsideAndTheOthersAreStored() throws Exception {
        try (FakeModelServer upstream = FakeModelServer.start()) {
            FlakyStore store = new FlakyStore(JdbcStore.open("jdbc:sqlite:" + dir.resolve("gateway.db")));
            store.refuse = e -> e.requestBody().contains("poison");
            GatewayConfig config = GatewayConfig.builder(URI.create(upstream.openAiBaseUrl())).port(0).dataDir(dir)
                    .adminToken(Harness.TOKEN).build();
            try (Gateway gateway = Gateway.start(config, Harness.detectors(), store)) {
                for (int i = 0; i < 10; i++) {
                    assertThat(send(gateway, i == 4 ? "poison" : "fine " + i)).isEqualTo(200);
                }
                Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(1)).total() == 9,
                        () -> "pending " + gateway.pending());
                assertThat(send(gateway, "after")).isEqualTo(200);
                Harness.await(() -> gateway.store().exchanges(ExchangeQuery.latest(1)).total() == 10);
            }
            List<String> rejected = java.nio.file.Files.readAllLines(dir.resolve("spool/rejected.jsonl"));
            assertThat(rejected).hasSize(1);
            assertThat(rejected.getFirst()).contains("value too long").contains("poison");
        }
    }

    @Test
    void aDetectorThatOverflowsItsStackCostsOneVerdictNotTheBatch() throws Exception {
        Detector deep = new Detector() {
            @Override
            public String name() {
                return "deep";
            }

            @Override
            public String flaggedLabel() {
                return "deep";
            }

            @Override
            public Verdict detect(Scenario scenario, ChatResponse response) {
                if (scenario.prompt().contains("recurse")) {
                    throw new StackOverflowError();
                }
                return new Verdict("deep", "fine", false, 0, List.of(), "");
            }
        };
        List<Detector> detectors = new ArrayList<>(Harness.detectors());
        detectors.add(deep);
        try (FakeModelServer upstream = FakeModelServer.start()) {
            GatewayConfig config = GatewayConfig.builder(URI.create(upstream.openAiBaseUrl())).port(0).dataDir(dir)
                    .adminToken(Harness.TOKEN).build();
            try (Gateway gateway = Gateway.start(config, detectors, JdbcStore.open("jdbc:sqlite:" + dir.resolve("gateway.db")))) {
                for (int i = 0; i < 6; i++) {
                    assertThat(send(gateway, i == 2 ? "please recurse" : "fine " + i)).isEqualTo(200);
                }
                Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(10)).total() == 6,
                        () -> "pending " + gateway.pending());
                List<Exchange> all = gateway.store().exchanges(ExchangeQuery.latest(10)).items();
                Exchange failed = all.stream().filter(e -> e.requestBody().contains("recurse")).findFirst().orElseThrow();
                Verdict verdict = failed.verdicts().stream().filter(v -> v.detector().equals("deep")).findFirst().orElseThrow();
                assertThat(verdict.label()).isEqualTo(Verdict.ERROR);
                assertThat(verdict.explanation()).contains("StackOverflowError");
                assertThat(failed.verdicts()).anyMatch(v -> v.detector().equals("refusal") && !v.label().equals(Verdict.ERROR));
            }
        }
    }

    private static int send(Gateway gateway, String text) {
        return Harness.post(gateway, Harness.chatBody(text, false));
    }
}
