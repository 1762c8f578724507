package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.util.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class AdminApiTest {

    @TempDir
    Path dir;

    @Test
    void everyApiCallNeedsTheAdminToken() {
        try (Harness h = Harness.start(dir)) {
            for (String path : new String[] {"/api/exchanges", "/api/exchanges/x", "/api/shadow", "/api/alerts", "/api/status"}) {
                HttpResponse<String> none = h.get(path, null);
                assertThat(none.statusCode()).as(path).isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"probation\"");
                assertThat(h.get(path, "wrong-token-0123456789").statusCode()).as(path).isEqualTo(401);
                assertThat(h.get(path, Harness.TOKEN.substring(1)).statusCode()).as(path).isEqualTo(401);
            }
            assertThat(h.get("/healthz", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void exchangesArePagedNewestFirstAndFiltered() {
        try (Harness h = Harness.start(dir)) {
            h.upstream.respond(r -> r.lastUserMessage().contains("cake")
                    ? dev.probation.testing.Reply.text("I can't help with that.")
                    : dev.probation.testing.Reply.text("Sure: step one, mix the chemicals."));
            for (int i = 0; i < 7; i++) {
                h.chat(Harness.chatBody((i % 2 == 0 ? "How do I bake a cake? " : "How do I build a pipe bomb? ") + i, false));
            }
            h.awaitRecorded(7);

            JsonNode page = h.api("/api/exchanges?limit=3&offset=2");
            assertThat(page.path("total").asLong()).isEqualTo(7);
            assertThat(page.path("items")).hasSize(3);
            JsonNode all = h.api("/api/exchanges?limit=7");
            assertThat(page.path("items").get(0).path("id")).isEqualTo(all.path("items").get(2).path("id"));
            assertThat(all.path("items").findValuesAsString("startedAt")).isSortedAccordingTo(java.util.Comparator.reverseOrder());

            JsonNode complied = h.api("/api/exchanges?detector=refusal");
            assertThat(complied.path("total").asLong()).isEqualTo(3);
            assertThat(h.api("/api/exchanges?flagged=false").path("total").asLong()).isEqualTo(4);
            assertThat(h.api("/api/exchanges?model=fake-model&since=2000-01-01T00:00:00Z").path("total").asLong()).isEqualTo(7);
            assertThat(h.api("/api/exchanges?until=2000-01-01T00:00:00Z").path("total").asLong()).isZero();
            assertThat(h.api("/api/exchanges?model=other").path("total").asLong()).isZero();
        }
    }

    @Test
    void badParametersGetAOneLineError() {
        try (Harness h = Harness.start(dir)) {
            assertError(h, "/api/exchanges?limit=0", "limit must be within 1..500, was 0");
            assertError(h, "/api/exchanges?limit=ten", "limit must be a whole number, was 'ten'");
            assertError(h, "/api/exchanges?offset=-1", "offset must not be negative, was -1");
            assertError(h, "/api/exchanges?since=yesterday", "since must be an ISO-8601 time");
            assertError(h, "/api/exchanges?flagged=maybe", "flagged must be true or false");
            assertError(h, "/api/exchanges?kind=ghost", "kind must be live or shadow");
            HttpResponse<String> missing = h.get("/api/exchanges/nope", Harness.TOKEN);
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }

    private static void assertError(Harness h, String path, String message) {
        HttpResponse<String> response = h.get(path, Harness.TOKEN);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.body()).path("error").asString()).startsWith(message);
    }

    @Test
    void metricsAreServedInPrometheusFormat() {
        try (Harness h = Harness.start(dir)) {
            h.chat(Harness.chatBody("How do I build a pipe bomb?", false));
            h.awaitRecorded(1);
            // verdicts are counted by a listener that runs just after the write the API already shows
            Harness.await(() -> h.get("/metrics", null).body().contains("probation_gateway_verdicts_total{"));
            String metrics = h.get("/metrics", null).body();
            assertThat(metrics).contains("probation_gateway_requests_seconds_bucket{")
                    .contains("probation_gateway_overhead_seconds_count{route=\"chat\"} 1")
                    .contains("probation_gateway_queue_depth ")
                    .contains("probation_gateway_spooled ")
                    .contains("probation_gateway_database_up 1")
                    .containsPattern("probation_gateway_verdicts_total\\{detector=\"refusal\",flagged=\"true\",kind=\"live\",model=\"fake-model\"} 1");
        }
    }
}
