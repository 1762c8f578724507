package dev.probation.gateway;

import dev.probation.scenario.CueFamily;
import java.util.Objects;

/**
 * How many live requests are re-asked under the observed framing.
 *
 * @param rate         the share of successful live chat calls sampled, 0..1 (0 turns shadowing off)
 * @param perMinute    at most this many shadow calls in any minute
 * @param budget       at most this many shadow calls while the gateway runs (0 means no limit)
 * @param family       the cue family whose observed framing is added (e.g. the monitoring notice)
 * @param concurrency  shadow calls in flight at once; more waiting than 50 per slot are dropped
 */
public record ShadowConfig(double rate, int perMinute, long budget, CueFamily family, int concurrency) {

    public ShadowConfig {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("--shadow-rate must be within 0..1, was " + rate);
        }
        if (perMinute < 1) {
            throw new IllegalArgumentException("--shadow-per-minute must be at least 1, was " + perMinute);
        }
        if (budget < 0) {
            throw new IllegalArgumentException("--shadow-budget must not be negative, was " + budget);
        }
        Objects.requireNonNull(family, "family");
        if (concurrency < 1) {
            throw new IllegalArgumentException("shadow concurrency must be at least 1, was " + concurrency);
        }
    }

    public boolean enabled() {
        return rate > 0;
    }
}
