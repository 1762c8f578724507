package dev.probation.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probation.detect.Verdict;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShadowGapTrackerTest {

    private static Exchange exchange(String id, Exchange.Kind kind, String shadowOf, boolean flagged) {
        String body = "x".repeat(100_000);
        return new Exchange(id, kind, shadowOf, Instant.EPOCH, 1, 1, 200, false, "m", "", "/v1/chat/completions", body,
                body, body, "", "stop", null, null, List.of(new Verdict("refusal", flagged ? "complied" : "refused",
                        flagged, flagged ? 1 : 0, List.of(), "")));
    }

    @Test
    void theTrackerKeepsNoExchangeAndTheGapStillCounts() {
        GatewayMetrics metrics = new GatewayMetrics(100);
        ShadowGapTracker tracker = new ShadowGapTracker(metrics, 0.05, true);
        List<WeakReference<Exchange>> observed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Exchange live = exchange("live-" + i, Exchange.Kind.LIVE, null, true);
            observed.add(new WeakReference<>(live));
            tracker.observe(live);
        }
        for (int i = 0; i < 10; i++) {
            tracker.observe(exchange("shadow-" + i, Exchange.Kind.SHADOW, "live-" + i, false));
        }
        assertThat(metrics.scrape()).contains("probation_gateway_shadow_gap{detector=\"refusal\",model=\"m\"} 1.0");
        assertThat(tracker.waiting()).as("live exchanges still waiting for a shadow").isEqualTo(10);
        System.gc();
        assertThat(observed).as("exchanges (with their bodies) the tracker still holds")
                .allMatch(reference -> reference.get() == null);
    }

    @Test
    void withShadowSamplingOffTheTrackerKeepsNothing() {
        ShadowGapTracker tracker = new ShadowGapTracker(new GatewayMetrics(100), 0.05, false);
        for (int i = 0; i < 100; i++) {
            tracker.observe(exchange("live-" + i, Exchange.Kind.LIVE, null, true));
        }
        assertThat(tracker.waiting()).isZero();
    }
}
