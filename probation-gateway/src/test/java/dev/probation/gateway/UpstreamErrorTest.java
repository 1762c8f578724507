package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.testing.Fault;
import dev.probation.testing.ResettingServer;
import dev.probation.util.Json;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The upstream's own errors pass through as they are; the gateway's own are short and OpenAI-shaped. */
class UpstreamErrorTest {

    @TempDir
    Path dir;

    @Test
    void a401Or407WithoutAChallengeIsPassedThroughAndRecorded() {
        try (Harness h = Harness.start(dir)) {
            String denied = "{\"error\":{\"message\":\"no access\",\"type\":\"invalid_request_error\"}}";
            for (int status : new int[] {401, 407}) {
                h.upstream.enqueue(Fault.status(status, denied));
                HttpResponse<String> response = h.chat(Harness.chatBody("hi " + status, false));
                assertThat(response.statusCode()).isEqualTo(status);
                assertThat(response.body()).isEqualTo(denied);
                String id = response.headers().firstValue(Proxy.EXCHANGE_HEADER).orElseThrow();
                h.awaitRecorded(status == 401 ? 1 : 2);
                JsonNode exchange = h.api("/api/exchanges/" + id);
                assertThat(exchange.path("status").asInt()).isEqualTo(status);
                assertThat(exchange.path("responseBody").asString()).isEqualTo(denied);
            }
            HttpResponse<String> models = h.get("/v1/models", null);
            assertThat(models.statusCode()).as("the gateway keeps working").isEqualTo(200);
        }
    }

    @Test
    void aResetGivesAShortOpenAiErrorWithoutConnectionDetails() throws Exception {
        try (ResettingServer resetting = ResettingServer.start();
             Gateway gateway = Gateway.start(GatewayConfig.builder(URI.create(resetting.baseUrl())).port(0).dataDir(dir)
                     .adminToken(Harness.TOKEN).build(), Harness.detectors())) {
            HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Harness.chatBody("x", false))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(502);
            JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
            assertThat(error.path("type").asString()).isEqualTo("probation_gateway_error");
            assertThat(error.path("code").asString()).isEqualTo("upstream_failed");
            String port = String.valueOf(URI.create(resetting.baseUrl()).getPort());
            assertThat(response.body()).hasSizeLessThan(200).doesNotContain(port).doesNotContain("@");
            Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(1)).total() == 1);
            Exchange recorded = gateway.store().exchanges(ExchangeQuery.latest(1)).items().getFirst();
            assertThat(recorded.status()).isEqualTo(502);
            assertThat(recorded.error()).hasSizeLessThan(120).doesNotContain(port).doesNotContain("@");
        }
    }

    /**
     * A body over the capture limit is sent on as it arrives. An upstream that refuses it from its
     * declared length answers before reading it and closes the connection; the client must get that
     * answer, not a broken connection.
     */
    @Test
    void anUpstreamThatRefusesALargeBodyEarlyIsPassedThrough() throws Exception {
        try (var organism = dev.probation.model.Models.open("organism:honest", dev.probation.model.ModelSettings.defaults());
             ModelServer serve = ModelServer.start(organism, "honest", "127.0.0.1", 0);
             Gateway gateway = Gateway.start(GatewayConfig.builder(URI.create("http://127.0.0.1:" + serve.port() + "/v1"))
                     .port(0).dataDir(dir).adminToken(Harness.TOKEN).captureLimit(64 << 10).build(), Harness.detectors())) {
            String body = Harness.chatBody("x".repeat(2 * ModelServer.MAX_REQUEST_BYTES), false).replace("fake-model", "honest");
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
                assertThat(Json.MAPPER.readTree(response.body()).path("error").path("code").asString()).isEqualTo("request_too_large");
            }
            Harness.await(() -> gateway.pending() == 0 && gateway.store().exchanges(ExchangeQuery.latest(1)).total() == 3);
            assertThat(gateway.store().exchanges(ExchangeQuery.latest(1)).items().getFirst().status()).isEqualTo(413);
        }
    }

    @Test
    void keysEchoedByTheUpstreamAreRedactedInEverythingStored() throws Exception {
        String clientKey = "sk-proj-Zq3xV9bN2mK7pL4tR8wY1cE6";
        String otherKey = "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv";
        String odd = "my-own-key-format-7f3a9b2c";
        try (Harness h = Harness.start(dir)) {
            String echoed = "{\"error\":{\"message\":\"Incorrect API key provided: " + clientKey + ". Also seen: " + otherKey
                    + ", Bearer abc.def-ghi_jkl012345, and " + odd + "\",\"type\":\"invalid_request_error\"}}";
            h.upstream.enqueue(Fault.status(401, echoed));
            HttpResponse<String> response = h.chat(Harness.chatBody("my key is " + clientKey, false),
                    "Authorization", "Bearer " + clientKey, "x-api-key", odd);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).as("the client gets the upstream's answer as it is").isEqualTo(echoed);
            String id = response.headers().firstValue(Proxy.EXCHANGE_HEADER).orElseThrow();
            h.awaitRecorded(1);
            JsonNode exchange = h.api("/api/exchanges/" + id);
            assertThat(exchange.path("responseBody").asString()).contains("Incorrect API key provided: sk-proj-")
                    .contains("[redacted]");
            assertThat(exchange.path("requestBody").asString()).contains("my key is sk-proj-");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(clientKey).doesNotContain(otherKey)
                        .doesNotContain("abc.def-ghi_jkl012345").doesNotContain(odd);
            }
        }
    }
}
