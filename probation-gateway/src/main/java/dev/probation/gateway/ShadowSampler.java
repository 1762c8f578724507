package dev.probation.gateway;

import dev.probation.scenario.Framing;
import dev.probation.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shadow probation: re-asks a sample of live chat calls with the observed framing added (for
 * example "this conversation is monitored"), off the client's path, and records the answer as a
 * shadow exchange linked to the live one. Shadow answers never reach a client. Sampling is capped
 * per minute and in total, and calls wait in a small bounded queue; when it is full the sample is
 * skipped rather than delayed.
 */
final class ShadowSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowSampler.class);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final ShadowConfig config;
    private final Upstream upstream;
    private final Recorder recorder;
    private final GatewayMetrics metrics;
    private final ExecutorService calls;
    private final SplittableRandom random;
    private final int captureLimit;
    private final Deque<Long> recent = new ArrayDeque<>();
    private long started;

    ShadowSampler(ShadowConfig config, Upstream upstream, Recorder recorder, GatewayMetrics metrics, long seed,
            int captureLimit) {
        this.config = config;
        this.captureLimit = captureLimit;
        this.upstream = upstream;
        this.recorder = recorder;
        this.metrics = metrics;
        this.random = new SplittableRandom(seed);
        this.calls = new ThreadPoolExecutor(config.concurrency(), config.concurrency(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(50 * config.concurrency()), Thread.ofVirtual().name("probation-shadow-", 0).factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Samples a finished live call; returns at once. */
    void consider(Capture live, Map<String, List<String>> headers) {
        if (!config.enabled() || live.status() != 200 || live.error() != null || !admit()) {
            return;
        }
        try {
            calls.execute(() -> shadow(live, headers));
        } catch (RejectedExecutionException e) {
            refund();
            metrics.shadowCall("skipped");
        }
    }

    /** The sampling draw and the caps, under one lock so concurrent requests cannot overshoot. */
    private synchronized boolean admit() {
        if (random.nextDouble() >= config.rate()) {
            return false;
        }
        if (config.budget() > 0 && started >= config.budget()) {
            metrics.shadowCall("over-budget");
            return false;
        }
        long now = System.nanoTime();
        while (!recent.isEmpty() && now - recent.peekFirst() >= MINUTE) {
            recent.pollFirst();
        }
        if (recent.size() >= config.perMinute()) {
            metrics.shadowCall("over-rate");
            return false;
        }
        recent.addLast(now);
        started++;
        return true;
    }

    /** A sample that could not be queued gives back its share of the caps. */
    private synchronized void refund() {
        started--;
        recent.pollLast();
    }

    private void shadow(Capture live, Map<String, List<String>> headers) {
        byte[] body;
        try {
            body = live.path().endsWith("/messages") ? reframeAnthropic(live.request(), config.family().observed())
                    : reframe(live.request(), config.family().observed());
        } catch (JacksonException | IllegalArgumentException e) {
            metrics.shadowCall("unreadable-request");
            return;
        }
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        int status;
        String contentType = "";
        byte[] answer = new byte[0];
        String error = null;
        try (Upstream.Answer response = upstream.send("POST", live.path().substring("/v1".length()), null,
                headers, body)) {
            status = response.status();
            contentType = response.contentType();
            answer = response.body().readNBytes(captureLimit);
        } catch (TimeoutException e) {
            status = 504;
            error = "shadow call timed out";
        } catch (IOException e) {
            status = 502;
            error = "shadow call failed: " + UpstreamFailure.describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long duration = System.nanoTime() - start;
        metrics.shadowCall(error == null && status == 200 ? "answered" : "failed");
        recorder.submit(Redactor.of(headers, upstream.key()).apply(new Capture(UUID.randomUUID().toString(),
                Exchange.Kind.SHADOW, live.id(), startedAt, duration, duration, status, contentType, live.clientTag(),
                live.path(), body, answer, error)));
    }

    /**
     * The live request with the framing added: its system text before the first system message
     * (or as a new one), its prefix and suffix around the last user message. Streaming is turned
     * off: the shadow answer is read whole.
     */
    static byte[] reframe(byte[] request, Framing framing) {
        JsonNode json = Json.MAPPER.readTree(request);
        if (!(json instanceof ObjectNode body) || !(body.get("messages") instanceof ArrayNode messages)) {
            throw new IllegalArgumentException("the request has no messages");
        }
        body.remove("stream");
        body.remove("stream_options");
        if (!framing.userPrefix().isEmpty() || !framing.userSuffix().isEmpty()) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i) instanceof ObjectNode message && "user".equals(message.path("role").asString(""))
                        && message.path("content").isString()) {
                    message.put("content", framing.userPrefix() + message.path("content").asString() + framing.userSuffix());
                    break;
                }
            }
        }
        if (!framing.system().isBlank()) {
            JsonNode first = messages.isEmpty() ? null : messages.get(0);
            String role = first == null ? "" : first.path("role").asString("");
            if ((role.equals("system") || role.equals("developer")) && first.path("content").isString()) {
                ((ObjectNode) first).put("content", framing.system().strip() + "\n\n" + first.path("content").asString());
            } else {
                messages.insert(0, Json.MAPPER.createObjectNode().put("role", "system").put("content", framing.system().strip()));
            }
        }
        return Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The same for Anthropic's Messages API, whose system prompt is a top-level {@code system}
     * field (a string or a list of text blocks) and whose message content may be blocks.
     */
    static byte[] reframeAnthropic(byte[] request, Framing framing) {
        JsonNode json = Json.MAPPER.readTree(request);
        if (!(json instanceof ObjectNode body) || !(body.get("messages") instanceof ArrayNode messages)) {
            throw new IllegalArgumentException("the request has no messages");
        }
        body.remove("stream");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof ObjectNode message && "user".equals(message.path("role").asString(""))) {
                if (message.path("content").isString()) {
                    message.put("content", framing.userPrefix() + message.path("content").asString() + framing.userSuffix());
                } else if (message.get("content") instanceof ArrayNode blocks) {
                    if (!framing.userPrefix().isEmpty()) {
                        blocks.insert(0, Json.MAPPER.createObjectNode().put("type", "text").put("text", framing.userPrefix()));
                    }
                    if (!framing.userSuffix().isEmpty()) {
                        blocks.add(Json.MAPPER.createObjectNode().put("type", "text").put("text", framing.userSuffix()));
                    }
                }
                break;
            }
        }
        if (!framing.system().isBlank()) {
            String notice = framing.system().strip();
            JsonNode system = body.get("system");
            if (system instanceof ArrayNode blocks) {
                blocks.insert(0, Json.MAPPER.createObjectNode().put("type", "text").put("text", notice));
            } else if (system != null && system.isString() && !system.asString().isBlank()) {
                body.put("system", notice + "\n\n" + system.asString());
            } else {
                body.put("system", notice);
            }
        }
        return Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        calls.shutdown();
        try {
            if (!calls.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("shadow calls still running after 30 s were abandoned");
                calls.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
