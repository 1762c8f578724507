package dev.probation.gateway;

import dev.probation.detect.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Watches each model's live flag rate per detector against its baseline with an anytime-valid
 * sequential test, so it can be checked after every exchange, forever, without inflating false
 * alarms.
 *
 * <p>The test is a betting e-process for H0: rate ≤ baseline. After each verdict X (1 flagged,
 * 0 not) the wealth is multiplied by {@code 1 + λ (X − p0)}, where the bet λ is chosen from the
 * verdicts before X only (a shrunk plug-in of the growth-optimal bet, kept within
 * {@code [0, 1/(2 p0)]}). Under H0 the wealth is a non-negative supermartingale, so by Ville's
 * inequality it ever reaches {@code 1/α} with probability at most α. An alarm resets the wealth:
 * a later alarm needs new evidence. Alarms within the cooldown after an alert are counted, not sent.
 */
final class DriftMonitor {

    private final DriftConfig config;
    private final Consumer<Alert> alarms;
    private final Predicate<Verdict> counts;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    DriftMonitor(DriftConfig config, Consumer<Alert> alarms) {
        this(config, alarms, Verdict::valid);
    }

    /**
     * @param counts whether a verdict belongs to the population its detector's baseline describes
     *               ({@link dev.probation.detect.Detector#counts}): the live refusal detector's
     *               verdicts on benign requests are left out, as an audit of harmful requests has none
     */
    DriftMonitor(DriftConfig config, Consumer<Alert> alarms, Predicate<Verdict> counts) {
        this.config = config;
        this.alarms = alarms;
        this.counts = counts;
    }

    /** Feeds the verdicts of one live exchange; shadow calls are not live behaviour. */
    void observe(Exchange exchange) {
        if (!config.enabled() || exchange.kind() != Exchange.Kind.LIVE) {
            return;
        }
        for (Verdict verdict : exchange.verdicts()) {
            Double baseline = config.baselines().get(verdict.detector());
            if (baseline == null || !counts.test(verdict)) {
                continue;
            }
            Stream stream = streams.computeIfAbsent(exchange.model() + '\u0000' + verdict.detector(),
                    key -> new Stream(exchange.model(), verdict.detector(), baseline, 1 / config.alpha()));
            Alert alert = stream.add(verdict.flagged());
            if (alert != null && stream.due(alert.raisedAt(), config.cooldown())) {
                alarms.accept(alert);
            }
        }
    }

    /** The current state of every watched (model, detector). */
    List<State> states() {
        List<State> states = new ArrayList<>();
        streams.values().forEach(s -> states.add(s.state()));
        return states;
    }

    /** One watched stream as shown by the API. */
    record State(String model, String detector, double baseline, long samples, long flagged, double wealth,
            double threshold, long alarms, long suppressed) {

        double rate() {
            return samples == 0 ? 0 : (double) flagged / samples;
        }
    }

    /** The e-process of one (model, detector); synchronized because exchanges arrive from two threads. */
    static final class Stream {
        private final String model;
        private final String detector;
        private final double p0;
        private final double threshold;
        private long samples;
        private long flagged;
        private long segmentSamples;
        private long segmentFlagged;
        private double wealth = 1;
        private long alarms;
        private long suppressed;
        private Instant lastSent;

        Stream(String model, String detector, double p0, double threshold) {
            this.model = model;
            this.detector = detector;
            this.p0 = p0;
            this.threshold = threshold;
        }

        synchronized Alert add(boolean flag) {
            double bet = bet();
            int x = flag ? 1 : 0;
            wealth *= 1 + bet * (x - p0);
            samples++;
            segmentSamples++;
            flagged += x;
            segmentFlagged += x;
            if (wealth < threshold) {
                return null;
            }
            alarms++;
            double rate = (double) segmentFlagged / segmentSamples;
            Alert alert = new Alert(UUID.randomUUID().toString(), Instant.now(), model, detector, rate, p0, wealth,
                    segmentSamples, String.format(java.util.Locale.ROOT,
                            "%s: the %s flag rate is %.3f over the last %d live answers, above its baseline %.3f"
                                    + " (e-value %.0f ≥ %.0f)", model, detector, rate, segmentSamples, p0, wealth, threshold));
            wealth = 1;
            segmentSamples = 0;
            segmentFlagged = 0;
            return alert;
        }

        /** Whether an alarm raised at {@code now} is sent, or falls within the cooldown of the last one sent. */
        synchronized boolean due(Instant now, java.time.Duration cooldown) {
            if (lastSent != null && now.isBefore(lastSent.plus(cooldown))) {
                suppressed++;
                return false;
            }
            lastSent = now;
            return true;
        }

        /**
         * The growth-optimal bet for a Bernoulli mean μ against p0 is (μ − p0) / (μ(1−μ) + (μ − p0)²)
         * (GRAPA's approximation); μ is estimated from earlier verdicts with a prior of one
         * pseudo-observation at p0, which keeps the first bets at zero.
         */
        private double bet() {
            double mu = (segmentFlagged + p0) / (segmentSamples + 1.0);
            double edge = mu - p0;
            if (edge <= 0) {
                return 0;
            }
            double bet = edge / (mu * (1 - mu) + edge * edge);
            return Math.min(bet, 0.5 / p0);
        }

        synchronized State state() {
            return new State(model, detector, p0, samples, flagged, wealth, threshold, alarms, suppressed);
        }
    }
}
