package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.testing.FakeModelServer;
import dev.probation.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/** A fake upstream, a gateway in front of it on a temporary SQLite file, and a client for both. */
final class Harness implements AutoCloseable {

    static final String TOKEN = "test-admin-token-0123456789";

    final FakeModelServer upstream;
    final Path dir;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Gateway gateway;

    private Harness(FakeModelServer upstream, Path dir) {
        this.upstream = upstream;
        this.dir = dir;
    }

    static Harness start(Path dir) {
        return start(dir, b -> b);
    }

    static Harness start(Path dir, UnaryOperator<GatewayConfig.Builder> settings) {
        Harness harness = new Harness(FakeModelServer.start(), dir);
        harness.gateway = Gateway.start(harness.config(settings), detectors());
        return harness;
    }

    /** With input monitors beside the detectors. */
    static Harness start(Path dir, List<InputMonitor> monitors) {
        Harness harness = new Harness(FakeModelServer.start(), dir);
        harness.gateway = Gateway.start(harness.config(b -> b), detectors(), monitors);
        return harness;
    }

    GatewayConfig config(UnaryOperator<GatewayConfig.Builder> settings) {
        return settings.apply(GatewayConfig.builder(URI.create(upstream.openAiBaseUrl())).port(0).dataDir(dir)
                .adminToken(TOKEN).seed(1)).build();
    }

    static List<Detector> detectors() {
        return List.of(Detectors.create("refusal", DetectorOptions.offline()),
                Detectors.create("code-vulnerability", DetectorOptions.offline()));
    }

    String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    HttpResponse<String> chat(String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    static String chatBody(String user, boolean stream) {
        return Json.MAPPER.createObjectNode().put("model", "fake-model").put("stream", stream).set("messages",
                Json.MAPPER.createArrayNode().add(Json.MAPPER.createObjectNode().put("role", "user").put("content", user)))
                .toString();
    }

    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    JsonNode api(String path) {
        HttpResponse<String> response = get(path, TOKEN);
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until the recorder has written everything it was given. */
    /**
     * Waits until the API counts at least {@code liveExpected} live exchanges and nothing is pending. A
     * 503 (the database briefly unavailable, as while a deleted file is restored) is waited out.
     */
    void awaitRecorded(long liveExpected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long total = -1;
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get("/api/exchanges?limit=1", TOKEN);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() != 503) {
                assertThat(response.statusCode()).as("/api/exchanges?limit=1 -> " + response.body()).isEqualTo(200);
                total = Json.MAPPER.readTree(response.body()).path("total").asLong();
                if (total >= liveExpected && gateway.pending() == 0) {
                    return;
                }
            }
            sleep(20);
        }
        throw new AssertionError("recorded " + total + " live exchanges, expected " + liveExpected
                + " (pending " + gateway.pending() + "; last answer " + last + ")");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        upstream.close();
    }

    /** POSTs a chat body to a gateway and returns the status. */
    static int post(Gateway gateway, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("the request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GETs a path of a gateway, with the admin token, and returns the body. */
    static String get(Gateway gateway, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new AssertionError("the request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void await(java.util.function.BooleanSupplier condition) {
        await(condition, () -> "");
    }

    static void await(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> state) {
        await(condition, state, Duration.ofSeconds(20));
    }

    static void await(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> state,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting " + state.get());
            }
            Harness.sleep(20);
        }
    }
}
