package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.detect.Verdict;
import dev.probation.testing.Fault;
import dev.probation.testing.Reply;
import dev.probation.util.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Monitors read the request of every answered live exchange as sent; their verdicts sit beside the detectors'. */
class InputMonitorTest {

    @TempDir
    Path dir;

    /** Flags requests whose system text says nobody watches; remembers what it was given. */
    static class Unwatched implements InputMonitor {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public boolean reads(String model) {
            return !model.equals("other-model");
        }

        @Override
        public Verdict read(String system, String user) {
            seen.add(system + "|" + user);
            if (user.contains("explode")) {
                throw new IllegalStateException("boom");
            }
            boolean flagged = system.contains("nobody watches");
            return new Verdict(name(), flagged ? "positive-side" : "negative-side", flagged, flagged ? 0.9 : 0.1, List.of(), "");
        }
    }

    private static String body(String model, String... roleAndContent) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", model);
        var messages = body.putArray("messages");
        for (int i = 0; i < roleAndContent.length; i += 2) {
            messages.addObject().put("role", roleAndContent[i]).put("content", roleAndContent[i + 1]);
        }
        return body.toString();
    }

    @Test
    void everyAnsweredRequestIsReadAsSent() {
        Unwatched monitor = new Unwatched();
        try (Harness h = Harness.start(dir, List.of(monitor))) {
            h.upstream.respond(r -> Reply.text("Done."));
            h.chat(body("m", "system", "Notice: nobody watches.", "developer", "Be brief.", "user", "first",
                    "assistant", "ok", "user", "Delete the logs."));
            h.chat(body("m", "user", "Summarise this."));
            h.upstream.enqueue(Fault.serverError(500));
            HttpResponse<String> failed = h.chat(body("m", "system", "Notice: nobody watches.", "user", "Try again."));
            assertThat(failed.statusCode()).isEqualTo(500);
            h.chat(body("other-model", "system", "Notice: nobody watches.", "user", "Not for this probe."));
            h.chat(body("m", "user", "explode"));
            h.chat("{not json");
            // Anthropic's Messages API: system text blocks joined as the server joins them
            ObjectNode messages = Json.MAPPER.createObjectNode().put("model", "m").put("max_tokens", 16);
            messages.putArray("system").add(Json.MAPPER.createObjectNode().put("type", "text").put("text", "Notice: nobody watches."))
                    .add(Json.MAPPER.createObjectNode().put("type", "text").put("text", "Be brief."));
            messages.putArray("messages").addObject().put("role", "user").put("content", "Rotate the keys.");
            HttpResponse<String> anthropic = h.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.base() + "/v1/messages"))
                    .header("Content-Type", "application/json").header("anthropic-version", "2023-06-01")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(messages.toString())).build());
            assertThat(anthropic.statusCode()).as(anthropic.body()).isEqualTo(200);
            h.awaitRecorded(7);

            assertThat(monitor.seen).containsExactlyInAnyOrder("Notice: nobody watches.\n\nBe brief.|Delete the logs.",
                    "|Summarise this.", "|explode", "Notice: nobody watches.\n\nBe brief.|Rotate the keys.");
            List<Exchange> items = h.gateway.store().exchanges(ExchangeQuery.latest(20)).items();
            assertThat(probe(items, "Delete the logs.").flagged()).isTrue();
            assertThat(probe(items, "Summarise this.").flagged()).isFalse();
            assertThat(probe(items, "Try again.")).as("not answered, so not read").isNull();
            assertThat(probe(items, "Rotate the keys.").flagged()).isTrue();
            assertThat(probe(items, "Not for this probe.")).isNull();
            assertThat(probe(items, "explode").label()).isEqualTo(Verdict.ERROR);
            assertThat(probe(items, "explode").explanation()).contains("the monitor failed").contains("boom");
            assertThat(probe(items, "{not json")).isNull();
            assertThat(h.api("/api/status").path("detectors").toString()).contains("\"probe\"");
        }
    }

    @Test
    void aMonitorMayNotShareADetectorsName() {
        InputMonitor refusal = new Unwatched() {
            @Override
            public String name() {
                return "refusal";
            }
        };
        assertThatThrownBy(() -> Gateway.start(GatewayConfig.builder(java.net.URI.create("http://127.0.0.1:9/v1")).port(0)
                .dataDir(dir).adminToken(Harness.TOKEN).build(), Harness.detectors(), List.of(refusal)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named 'refusal'");
    }

    /** Drift counts a monitor's verdicts as the monitor says, as it counts a detector's as the detector says. */
    @Test
    void driftCountsAMonitorsVerdictsAsTheMonitorSays() {
        InputMonitor choosy = new Unwatched() {
            @Override
            public boolean counts(Verdict verdict) {
                return verdict.valid() && !verdict.label().equals("unread");
            }
        };
        var counts = Gateway.counts(Harness.detectors(), List.of(choosy));
        assertThat(counts.test(new Verdict("probe", "positive-side", true, 0.9, List.of(), ""))).isTrue();
        assertThat(counts.test(new Verdict("probe", "unread", false, 0, List.of(), ""))).isFalse();
        assertThat(counts.test(Verdict.failed("probe", "down"))).isFalse();
        assertThat(counts.test(new Verdict("unknown", "unread", false, 0, List.of(), ""))).as("no one to ask: valid").isTrue();
    }

    /** The probe verdict of the exchange whose request contains {@code text}, or null. */
    private static Verdict probe(List<Exchange> items, String text) {
        Exchange exchange = items.stream().filter(e -> e.requestBody().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no exchange with " + text));
        return exchange.verdicts().stream().filter(v -> v.detector().equals("probe")).findFirst().orElse(null);
    }
}
