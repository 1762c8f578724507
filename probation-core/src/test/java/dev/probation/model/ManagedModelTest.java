package dev.probation.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedModelTest {

    /** A model that counts calls and the most calls it ever had in flight. */
    static final class CountingModel implements Model {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public String ref() {
            return "test:counting";
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            calls.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return ChatResponse.of("answer to " + request.lastUserMessage() + " seed " + request.seed());
        }
    }

    @Test
    void neverHasMoreCallsInFlightThanTheLimit() throws Exception {
        CountingModel counting = new CountingModel();
        ManagedModel model = Models.manage(counting, ModelSettings.defaults().withConcurrency(3));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i;
                futures.add(pool.submit(() -> model.chat(ChatRequest.of("", "q" + n))));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(counting.calls.get()).isEqualTo(30);
        assertThat(counting.maxInFlight.get()).isEqualTo(3);
    }

    @Test
    void cachesAnswersPerRequestIncludingTheSeed(@TempDir Path cache) {
        CountingModel counting = new CountingModel();
        ManagedModel model = Models.manage(counting, ModelSettings.defaults().withCacheDir(cache));
        ChatRequest first = ChatRequest.of("", "q").withSampling(1.0, null, 1L);
        ModelCall fresh = model.call(first);
        ModelCall again = model.call(first);
        ModelCall otherSample = model.call(first.withSampling(1.0, null, 2L));
        assertThat(fresh.cached()).isFalse();
        assertThat(again.cached()).isTrue();
        assertThat(again.response()).isEqualTo(fresh.response());
        assertThat(otherSample.cached()).isFalse();
        assertThat(counting.calls.get()).isEqualTo(2);
        ManagedModel reopened = Models.manage(new CountingModel(), ModelSettings.defaults().withCacheDir(cache));
        assertThat(reopened.call(first).cached()).as("survives a restart").isTrue();
    }

    @Test
    void aRateLimitPausesEveryCaller() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Long> startTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        Model limited = new Model() {
            @Override
            public String ref() {
                return "test:limited";
            }

            @Override
            public ChatResponse chat(ChatRequest request) {
                startTimes.add(System.nanoTime());
                if (calls.incrementAndGet() == 1) {
                    throw new ModelException(ModelException.Kind.RATE_LIMITED, 429, Duration.ofMillis(400), "slow down");
                }
                return ChatResponse.of("ok");
            }
        };
        ManagedModel model = Models.manage(limited, ModelSettings.defaults().withConcurrency(1), Duration.ofMillis(1));
        long begin = System.nanoTime();
        model.call(ChatRequest.of("", "first"));
        model.call(ChatRequest.of("", "second"));
        assertThat((startTimes.get(1) - begin) / 1_000_000).as("the retry waited for Retry-After").isGreaterThanOrEqualTo(400);
    }

    @Test
    void pacesCallsToTheRequestedRate() {
        CountingModel counting = new CountingModel();
        ManagedModel model = Models.manage(counting, ModelSettings.defaults().withRequestsPerMinute(600)); // one per 100 ms
        long begin = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            model.chat(ChatRequest.of("", "q" + i));
        }
        assertThat((System.nanoTime() - begin) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void parsesRefsWithColonsAndParameters() {
        ModelRef ref = ModelRef.parse("openai:llama3.1:8b");
        assertThat(ref.provider()).isEqualTo("openai");
        assertThat(ref.name()).isEqualTo("llama3.1:8b");
        ModelRef organism = ModelRef.parse("organism:eval-gamer?unsafe-rate=0.6&seed=3");
        assertThat(organism.params()).containsEntry("unsafe-rate", "0.6").containsEntry("seed", "3");
        assertThat(organism.toString()).isEqualTo("organism:eval-gamer?seed=3&unsafe-rate=0.6");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelRef.parse("gpt-4o")).hasMessageContaining("provider:name");
    }
}
