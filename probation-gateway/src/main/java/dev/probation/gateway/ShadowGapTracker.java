package dev.probation.gateway;

import dev.probation.detect.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each shadow answer with the live answer it re-asked, as they are recorded, and keeps the
 * gap metric per model and detector current. The dashboard's history comes from the store; this
 * only feeds {@code /metrics} without a query per scrape. Of a live exchange it keeps only what
 * the gap needs (model, detectors, flags), never the exchange with its bodies, and nothing at all
 * while shadow sampling is off.
 */
final class ShadowGapTracker {

    /** Live exchanges waiting for their shadow; the oldest are forgotten first. */
    private static final int WAITING = 10_000;

    /** What the gap needs of a live exchange: its model and its valid verdicts. */
    record Waiting(String model, List<Flag> flags) {}

    record Flag(String detector, boolean flagged) {}

    private final GatewayMetrics metrics;
    private final double alpha;
    private final boolean sampling;
    private final Map<String, Waiting> waiting = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Waiting> eldest) {
            return size() > WAITING;
        }
    };
    private final Map<String, PairCounts> counts = new LinkedHashMap<>();

    /** @param sampling whether shadow sampling is on; off, no live exchange ever gets a shadow */
    ShadowGapTracker(GatewayMetrics metrics, double alpha, boolean sampling) {
        this.metrics = metrics;
        this.alpha = alpha;
        this.sampling = sampling;
    }

    /** Called on the recorder's thread for every exchange. */
    synchronized void observe(Exchange exchange) {
        if (!sampling) {
            return;
        }
        if (exchange.kind() == Exchange.Kind.LIVE) {
            List<Flag> flags = exchange.verdicts().stream().filter(Verdict::valid)
                    .map(v -> new Flag(v.detector(), v.flagged())).toList();
            if (!flags.isEmpty()) {
                waiting.put(exchange.id(), new Waiting(exchange.model(), flags));
            }
            return;
        }
        Waiting live = waiting.remove(exchange.shadowOf());
        if (live == null) {
            return;
        }
        for (Verdict shadow : exchange.verdicts()) {
            for (Flag original : live.flags()) {
                if (original.detector().equals(shadow.detector()) && shadow.valid()) {
                    String key = live.model() + '\u0000' + shadow.detector();
                    PairCounts c = counts.getOrDefault(key, PairCounts.NONE).plus(original.flagged(), shadow.flagged());
                    counts.put(key, c);
                    metrics.shadowGap(live.model(), shadow.detector(), c.gap(alpha).gap());
                }
            }
        }
    }

    /** Live exchanges waiting for their shadow. */
    synchronized int waiting() {
        return waiting.size();
    }
}
