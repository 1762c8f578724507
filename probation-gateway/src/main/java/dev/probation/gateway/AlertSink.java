package dev.probation.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a drift alarm goes: a log line, the store, a metric and, when configured, a webhook POST.
 * Alarms are handled on a thread of their own, so a slow database or webhook holds up nobody.
 */
final class AlertSink implements Consumer<Alert>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("probation.alerts");

    private final Store store;
    private final GatewayMetrics metrics;
    private final URI webhook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("probation-alerts").factory());

    AlertSink(Store store, GatewayMetrics metrics, URI webhook) {
        this.store = store;
        this.metrics = metrics;
        this.webhook = webhook;
    }

    @Override
    public void accept(Alert alert) {
        worker.execute(() -> send(alert));
    }

    private void send(Alert alert) {
        LOG.warn("DRIFT ALERT {}", alert.message());
        metrics.alert(alert.model(), alert.detector());
        try {
            store.insert(alert);
        } catch (StoreException e) {
            LOG.warn("the alert could not be stored: {}", e.getMessage());
        }
        if (webhook != null) {
            String body = Views.alert(alert).put("type", "probation.drift").toString();
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() >= 300) {
                    LOG.warn("the alert webhook {} answered {}", webhook, response.statusCode());
                }
            } catch (java.io.IOException e) {
                LOG.warn("the alert webhook {} failed: {}", webhook, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends the alarms already raised (store, webhook), waiting at most twenty seconds. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
