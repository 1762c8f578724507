package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.testing.FakeModelServer;
import dev.probation.testing.Reply;
import dev.probation.util.Json;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Bodies of any size flow through; what is held for the record is bounded per call and in all. */
class CaptureMemoryTest {

    @TempDir
    Path dir;

    @Test
    void largeBodiesFlowThroughWhileOnlyTheirStartIsRecorded() throws Exception {
        int limit = 256 << 10;
        String prompt = "p".repeat(3 << 20);
        String answer = "a".repeat(3 << 20);
        AtomicInteger seen = new AtomicInteger();
        try (Harness h = Harness.start(dir, b -> b.captureLimit(limit))) {
            h.upstream.recording(false).respond(r -> {
                seen.set(r.lastUserMessage().length());
                return Reply.text(answer);
            });
            HttpResponse<String> fixed = h.chat(Harness.chatBody(prompt, false));
            assertThat(fixed.statusCode()).isEqualTo(200);
            assertThat(seen.get()).as("the upstream got the whole prompt").isEqualTo(prompt.length());
            assertThat(Json.MAPPER.readTree(fixed.body()).path("choices").path(0).path("message").path("content").asString())
                    .as("the client got the whole answer").isEqualTo(answer);

            // A body of unknown length (chunked) flows on the same way.
            byte[] body = Harness.chatBody(prompt, false).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> chunked = h.send(HttpRequest.newBuilder(URI.create(h.base() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
            assertThat(chunked.statusCode()).isEqualTo(200);
            assertThat(seen.get()).isEqualTo(prompt.length());
            assertThat(chunked.body()).hasSize(fixed.body().length());

            h.awaitRecorded(2);
            for (JsonNode item : h.api("/api/exchanges").path("items")) {
                JsonNode exchange = h.api("/api/exchanges/" + item.path("id").asString());
                assertThat(exchange.path("requestBody").asString()).hasSize(limit);
                assertThat(exchange.path("responseBody").asString()).hasSize(limit);
                assertThat(exchange.path("error").asString()).contains("is recorded cut").contains("capture limit");
            }
            assertThat(h.get("/metrics", null).body()).contains("probation_gateway_capture_bytes 0.0")
                    .contains("probation_gateway_captures_cut_total{part=\"request\",reason=\"limit\"} 2.0");
        }
    }

    @Test
    void callsInFlightShareOneBudgetAndAreCutRatherThanKeptWaiting() throws Exception {
        int calls = 3;
        CountDownLatch together = new CountDownLatch(calls);
        try (Harness h = Harness.start(dir, b -> b.captureLimit(256 << 10).captureMemory(300 << 10))) {
            h.upstream.respond(r -> {
                together.countDown(); // every capture is held while all three calls wait here
                try {
                    together.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Reply.text("fine");
            });
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                responses.add(h.http.sendAsync(HttpRequest.newBuilder(URI.create(h.base() + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Harness.chatBody(i + "q".repeat(200 << 10), false))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            h.awaitRecorded(calls);
            List<String> errors = h.api("/api/exchanges").path("items").findValuesAsString("error");
            // 600 KiB of prompts against 300 KiB of capture memory: at least two are cut.
            assertThat(errors.stream().filter(e -> e != null && e.contains("capture memory")).count()).isGreaterThanOrEqualTo(2);
            assertThat(h.get("/metrics", null).body()).contains("probation_gateway_capture_bytes 0.0");
        }
    }

    /**
     * The gateway in a JVM of 128 MiB passes eight 16 MiB requests and their 16 MiB answers at
     * once. Holding the bodies whole needs 256 MiB at least, and ran out of memory.
     */
    @Test
    void aSmallHeapCarriesManyLargeCallsAtOnce() throws Exception {
        int calls = 8;
        int size = 16 << 20;
        String answer = "a".repeat(size);
        try (FakeModelServer upstream = FakeModelServer.start()) {
            upstream.recording(false).respond(r -> Reply.text(answer));
            Process gateway = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx128m",
                    "-cp", System.getProperty("java.class.path"), GatewayProcess.class.getName(), upstream.openAiBaseUrl(),
                    dir.toString()).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
                String line;
                StringBuilder startup = new StringBuilder();
                while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
                    startup.append(line).append('\n'); // the gateway's start-up logs
                }
                assertThat(line).as("the gateway process started; it printed:\n%s", startup).isNotNull();
                String base = "http://127.0.0.1:" + line.substring("PORT ".length());
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep its output drained
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String prompt = Harness.chatBody("q".repeat(size), false);
                List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                            .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(prompt)).build(), HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> response : responses) {
                    HttpResponse<String> done = response.get(180, TimeUnit.SECONDS);
                    assertThat(done.statusCode()).isEqualTo(200);
                    assertThat(done.body()).contains(answer);
                }
                assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            } finally {
                gateway.destroy();
                gateway.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }
}
