package dev.probation.gateway;

import dev.probation.detect.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway's meters, served at {@code /metrics} in Prometheus's text format. Model names, which
 * clients choose, are capped as labels ({@link ModelLabels}).
 */
final class GatewayMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ModelLabels models;
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Timer> overheadTimers = new ConcurrentHashMap<>();
    private final Map<String, Double> gaps = new ConcurrentHashMap<>();

    /** @param models distinct model names labelled; the rest count as {@code other} */
    GatewayMetrics(int models) {
        this.models = new ModelLabels(models);
    }

    /** Seconds from receiving a request to sending the last byte, by route and status. */
    void request(String route, int status, long totalNanos, long upstreamNanos) {
        requestTimers.computeIfAbsent(route + ' ' + status, key -> Timer.builder("probation.gateway.requests")
                .description("Requests through the gateway, from receipt to the last byte sent")
                .tag("route", route).tag("status", String.valueOf(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .register(registry)).record(totalNanos, TimeUnit.NANOSECONDS);
        overheadTimers.computeIfAbsent(route, key -> Timer.builder("probation.gateway.overhead")
                .description("Time the gateway itself adds: the request's time minus the upstream's")
                .tag("route", route)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry)).record(Math.max(0, totalNanos - upstreamNanos), TimeUnit.NANOSECONDS);
    }

    void verdict(Exchange exchange, Verdict verdict) {
        Counter.builder("probation.gateway.verdicts").description("Verdicts of the online detectors")
                .tag("kind", exchange.kind().id()).tag("model", models.label(exchange.model())).tag("detector", verdict.detector())
                .tag("flagged", String.valueOf(verdict.flagged())).register(registry).increment();
    }

    /** A gap is per model: models past the label cap get none (their gaps are in {@code /api/shadow}). */
    void shadowGap(String model, String detector, double gap) {
        if (models.label(model).equals(ModelLabels.OTHER)) {
            return;
        }
        String key = model + '\u0000' + detector;
        if (gaps.put(key, gap) == null) {
            Gauge.builder("probation.gateway.shadow.gap", gaps, g -> g.getOrDefault(key, Double.NaN))
                    .description("Live flag rate minus the rate when re-asked as observed")
                    .tag("model", model).tag("detector", detector).register(registry);
        }
    }

    void alert(String model, String detector) {
        Counter.builder("probation.gateway.drift.alerts").description("Drift alarms raised")
                .tag("model", models.label(model)).tag("detector", detector).register(registry).increment();
    }

    /** A body recorded cut: {@code part} request or answer, {@code reason} limit or memory. */
    void captureCut(String part, String reason) {
        Counter.builder("probation.gateway.captures.cut").description("Bodies recorded cut short, by part and reason")
                .tag("part", part).tag("reason", reason).register(registry).increment();
    }

    void shadowCall(String outcome) {
        Counter.builder("probation.gateway.shadow.calls").description("Shadow calls by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    String scrape() {
        return registry.scrape();
    }
}
