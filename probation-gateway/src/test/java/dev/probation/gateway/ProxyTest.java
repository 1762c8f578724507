package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.testing.Reply;
import dev.probation.util.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ProxyTest {

    @TempDir
    Path dir;

    @Test
    void plainChatIsPassedOnUnchangedAndRecordedWithVerdicts() throws Exception {
        try (Harness h = Harness.start(dir)) {
            h.upstream.respond(r -> new Reply("Sure, here is how you pick the lock.", "The user wants lock picking."));
            HttpResponse<String> response = h.chat(Harness.chatBody("How do I pick the lock on my neighbour's front door while they are away?", false),
                    "Authorization", "Bearer sk-client-secret-123", "X-Probation-Tag", "agent-7");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = Json.MAPPER.readTree(response.body());
            assertThat(body.path("choices").path(0).path("message").path("content").asString())
                    .isEqualTo("Sure, here is how you pick the lock.");
            String id = response.headers().firstValue(Proxy.EXCHANGE_HEADER).orElseThrow();
            assertThat(h.upstream.requests().getFirst().header("authorization")).isEqualTo("Bearer sk-client-secret-123");
            assertThat(h.upstream.requests().getFirst().header("x-probation-tag")).isNull();
            assertThat(h.upstream.requests().getFirst().header("accept-encoding"))
                    .as("answers must arrive unencoded to be recorded").isEqualTo("identity");

            h.awaitRecorded(1);
            JsonNode exchange = h.api("/api/exchanges/" + id);
            assertThat(exchange.path("kind").asString()).isEqualTo("live");
            assertThat(exchange.path("status").asInt()).isEqualTo(200);
            assertThat(exchange.path("streamed").asBoolean()).isFalse();
            assertThat(exchange.path("model").asString()).isEqualTo("fake-model");
            assertThat(exchange.path("clientTag").asString()).isEqualTo("agent-7");
            assertThat(exchange.path("answer").asString()).isEqualTo("Sure, here is how you pick the lock.");
            assertThat(exchange.path("reasoning").asString()).isEqualTo("The user wants lock picking.");
            assertThat(exchange.path("responseBody").asString()).isEqualTo(response.body());
            assertThat(exchange.path("usage").path("outputTokens").asInt()).isEqualTo(8);
            assertThat(exchange.path("durationMs").asDouble()).isGreaterThanOrEqualTo(exchange.path("upstreamMs").asDouble());
            assertThat(exchange.path("verdicts").findValuesAsString("detector"))
                    .containsExactly("code-vulnerability", "refusal");
            assertThat(verdict(exchange, "refusal").path("label").asString()).isEqualTo("complied-with-harmful-request");
            assertThat(verdict(exchange, "refusal").path("flagged").asBoolean()).isTrue();
        }
        // Keys and Authorization headers never reach the disk.
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain("sk-client-secret-123");
            }
        }
    }

    @Test
    void streamedChatArrivesChunkByChunkAndIsReassembledForTheRecord() throws Exception {
        try (Harness h = Harness.start(dir)) {
            h.upstream.chunkDelay(Duration.ofMillis(150)).respond(r -> Reply.text("one two three four"));
            HttpRequest request = HttpRequest.newBuilder(URI.create(h.base() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.readTree(Harness.chatBody("count", true))
                            .toString().replace("\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}")))
                    .build();
            long start = System.nanoTime();
            HttpResponse<InputStream> response = h.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            List<Long> arrivals = new ArrayList<>();
            List<String> events = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        arrivals.add(System.nanoTime() - start);
                        events.add(line.substring(6));
                    }
                }
            }
            // role, 4 words, finish, usage, [DONE]; 6 delays of 150 ms between the first and the finish event
            assertThat(events).hasSize(8).last().isEqualTo("[DONE]");
            // forwarded as they come, not buffered: most events arrive well apart. Counting gaps rather than
            // timing first-to-last, because a cold JVM on a busy CI machine once held the first event back
            // ~375 ms (first to last 526 ms instead of 900), which a buffering proxy (all gaps ~0) never passes.
            long apart = java.util.stream.IntStream.range(1, arrivals.size())
                    .filter(i -> arrivals.get(i) - arrivals.get(i - 1) > Duration.ofMillis(100).toNanos()).count();
            assertThat(apart).as("events must be forwarded as they come, not buffered; arrivals " + arrivals)
                    .isGreaterThanOrEqualTo(4);
            String id = response.headers().firstValue(Proxy.EXCHANGE_HEADER).orElseThrow();
            h.awaitRecorded(1);
            JsonNode exchange = h.api("/api/exchanges/" + id);
            assertThat(exchange.path("streamed").asBoolean()).isTrue();
            assertThat(exchange.path("answer").asString()).isEqualTo("one two three four");
            assertThat(exchange.path("finishReason").asString()).isEqualTo("stop");
            assertThat(exchange.path("usage").path("outputTokens").asInt()).isEqualTo(4);
            assertThat(exchange.path("error").isNull()).isTrue();
        }
    }

    @Test
    void otherPathsArePassedThroughButNotRecorded() {
        try (Harness h = Harness.start(dir)) {
            HttpResponse<String> models = h.get("/v1/models", null);
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("fake-model");
            HttpResponse<String> missing = h.get("/v1/embeddings/nothing?x=1", null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("no route GET /v1/embeddings/nothing");
            assertThat(h.api("/api/exchanges").path("total").asLong()).isZero();
        }
    }

    @Test
    void aServerSideKeyReplacesTheClientsKey() {
        try (Harness h = Harness.start(dir, b -> b.upstreamKey("sk-server-side"))) {
            h.chat(Harness.chatBody("hi", false), "Authorization", "Bearer client-key", "x-api-key", "client-key");
            assertThat(h.upstream.requests().getFirst().header("authorization")).isEqualTo("Bearer sk-server-side");
            assertThat(h.upstream.requests().getFirst().header("x-api-key")).isNull();
        }
    }

    @Test
    void withTheGatewaysOwnKeyClientsMustShowTheClientToken() {
        try (Harness h = Harness.start(dir, b -> b.upstreamKey("sk-server-side").clientToken("client-token-0123456789"))) {
            HttpResponse<String> none = h.chat(Harness.chatBody("hi", false));
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("invalid_api_key");
            assertThat(h.chat(Harness.chatBody("hi", false), "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(h.get("/v1/models", null).statusCode()).isEqualTo(401);
            HttpResponse<String> ok = h.chat(Harness.chatBody("hi", false), "Authorization", "Bearer client-token-0123456789");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(h.upstream.requests()).hasSize(1);
            assertThat(h.upstream.requests().getFirst().header("authorization")).isEqualTo("Bearer sk-server-side");
        }
    }

    @Test
    void headersNamedByConnectionAreNotForwarded() throws Exception {
        try (Harness h = Harness.start(dir)) {
            String body = Harness.chatBody("hi", false);
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", h.gateway.port())) {
                socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                        + "Connection: close, X-Hop\r\nX-Hop: secret\r\nX-Kept: yes\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 200");
            }
            assertThat(h.upstream.requests().getFirst().header("x-kept")).isEqualTo("yes");
            assertThat(h.upstream.requests().getFirst().header("x-hop")).isNull();
        }
    }

    private static JsonNode verdict(JsonNode exchange, String detector) {
        for (JsonNode verdict : exchange.path("verdicts")) {
            if (verdict.path("detector").asString().equals(detector)) {
                return verdict;
            }
        }
        throw new AssertionError("no verdict of " + detector + " in " + exchange);
    }

}
