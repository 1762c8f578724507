package dev.probation.model;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model behind the policies every caller needs: at most {@code concurrency} calls in flight,
 * optional pacing in requests per minute, retries with exponential backoff that honour the
 * server's Retry-After (a 429 pauses every caller of this model, not only the one that got it),
 * and an optional response cache. Until the model has answered once, an unreachable endpoint or
 * an answer that is not the API's JSON fails at once as a configuration error. Thread-safe; made by
 * {@link Models#open}.
 */
public final class ManagedModel implements Model {

    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    private final Model delegate;
    private final ModelSettings settings;
    private final ResponseCache cache;
    private final String endpoint;
    private final Semaphore permits;
    private final AtomicLong pausedUntil = new AtomicLong();
    private volatile boolean answeredOnce;
    private final Object pacingLock = new Object();
    private long nextSlot;
    private final Duration baseBackoff;

    ManagedModel(Model delegate, ModelSettings settings, String endpoint, Duration baseBackoff) {
        this.delegate = Objects.requireNonNull(delegate);
        this.settings = settings;
        this.endpoint = Objects.requireNonNullElse(endpoint, "");
        this.cache = settings.cacheDir() != null && delegate.cacheable() ? new ResponseCache(settings.cacheDir()) : null;
        this.permits = new Semaphore(settings.concurrency(), true);
        this.baseBackoff = baseBackoff;
    }

    @Override
    public String ref() {
        return delegate.ref();
    }

    @Override
    public boolean cacheable() {
        return delegate.cacheable();
    }

    /** The most calls this model has in flight at once. */
    public int concurrency() {
        return settings.concurrency();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return call(request).response();
    }

    /**
     * Sends a request under this model's policies.
     *
     * @throws ModelException when the call fails for good: not retryable, or out of retries
     */
    public ModelCall call(ChatRequest request) {
        String key = cache == null ? null : cache.key(delegate.ref(), endpoint, request);
        if (key != null) {
            var hit = cache.get(key);
            if (hit.isPresent()) {
                return new ModelCall(hit.get(), 0, true, Duration.ZERO);
            }
        }
        for (int retries = 0; ; retries++) {
            Duration wait;
            waitUntilResumed();
            pace();
            acquire();
            long start = System.nanoTime();
            try {
                ChatResponse response = delegate.chat(request);
                answeredOnce = true;
                Duration latency = Duration.ofNanos(System.nanoTime() - start);
                if (key != null) {
                    cache.put(key, response);
                }
                return new ModelCall(response, retries, false, latency);
            } catch (ModelException e) {
                if (!answeredOnce && (e.kind() == ModelException.Kind.UNREACHABLE
                        || e.kind() == ModelException.Kind.MALFORMED_RESPONSE)) {
                    // Before the endpoint has ever answered, these mean a wrong URL or a server that is
                    // not running, not a passing glitch: say so now instead of after a minute of retries.
                    throw new ModelException(ModelException.Kind.CONFIGURATION, e.status(), null, e.getMessage()
                            + (e.kind() == ModelException.Kind.UNREACHABLE ? " (is the server running? check --base-url)"
                                    : " (is this the model's API? check --base-url)"));
                }
                if (!e.retryable() || retries >= settings.maxRetries()) {
                    throw retries == 0 ? e : new ModelException(e.kind(), e.status(), e.retryAfter().orElse(null),
                            e.getMessage() + " (gave up after " + (retries + 1) + " tries)");
                }
                wait = delay(e, retries);
            } finally {
                permits.release();
            }
            sleep(wait);
        }
    }

    private Duration delay(ModelException e, int retries) {
        if (e.retryAfter().isPresent()) {
            Duration asked = e.retryAfter().get();
            if (asked.compareTo(MAX_RETRY_AFTER) > 0) {
                throw new ModelException(e.kind(), e.status(), asked, e.getMessage() + " (the server asked to wait "
                        + asked.toSeconds() + " s, longer than " + MAX_RETRY_AFTER.toMinutes() + " min)");
            }
            if (e.kind() == ModelException.Kind.RATE_LIMITED) {
                long until = System.nanoTime() + asked.toNanos();
                pausedUntil.accumulateAndGet(until, Math::max);
            }
            return asked.plusMillis(ThreadLocalRandom.current().nextLong(0, 50));
        }
        long cap = Math.min(MAX_BACKOFF.toMillis(), baseBackoff.toMillis() << Math.min(retries, 16));
        // "Equal jitter": half of the delay fixed, half random, so that callers spread out.
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(0, cap / 2 + 1));
    }

    private void waitUntilResumed() {
        long remaining = pausedUntil.get() - System.nanoTime();
        if (remaining > 0) {
            sleep(Duration.ofNanos(remaining));
        }
    }

    private void pace() {
        if (settings.requestsPerMinute() == 0) {
            return;
        }
        long interval = Duration.ofMinutes(1).toNanos() / settings.requestsPerMinute();
        long slot;
        synchronized (pacingLock) {
            long now = System.nanoTime();
            slot = Math.max(now, nextSlot);
            nextSlot = slot + interval;
        }
        long remaining = slot - System.nanoTime();
        if (remaining > 0) {
            sleep(Duration.ofNanos(remaining));
        }
    }

    private void acquire() {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while waiting for " + ref());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
