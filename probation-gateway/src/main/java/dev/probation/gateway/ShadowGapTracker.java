package dev.probation.gateway;

import dev.probation.detect.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pairs each shadow answer with the live answer it re-asked, as they are recorded, and keeps the
 * gap metric per model and detector current. The dashboard's history comes from the store; this
 * only feeds {@code /metrics} without a query per scrape.
 */
final class ShadowGapTracker {

    /** Live verdicts waiting for their shadow; the oldest are forgotten first. */
    private static final int WAITING = 10_000;

    private final GatewayMetrics metrics;
    private final double alpha;
    private final Map<String, Exchange> waiting = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Exchange> eldest) {
            return size() > WAITING;
        }
    };
    private final Map<String, long[]> counts = new LinkedHashMap<>();

    ShadowGapTracker(GatewayMetrics metrics, double alpha) {
        this.metrics = metrics;
        this.alpha = alpha;
    }

    /** Called on the recorder's thread for every exchange. */
    synchronized void observe(Exchange exchange) {
        if (exchange.kind() == Exchange.Kind.LIVE) {
            if (!exchange.verdicts().isEmpty()) {
                waiting.put(exchange.id(), exchange);
            }
            return;
        }
        Exchange live = waiting.remove(exchange.shadowOf());
        if (live == null) {
            return;
        }
        for (Verdict shadow : exchange.verdicts()) {
            for (Verdict original : live.verdicts()) {
                if (original.detector().equals(shadow.detector()) && original.valid() && shadow.valid()) {
                    long[] c = counts.computeIfAbsent(live.model() + '\u0000' + shadow.detector(), k -> new long[3]);
                    c[0]++;
                    c[1] += original.flagged() ? 1 : 0;
                    c[2] += shadow.flagged() ? 1 : 0;
                    metrics.shadowGap(live.model(), shadow.detector(), GapEstimate.of(c[0], c[1], c[2], alpha).gap());
                }
            }
        }
    }
}
