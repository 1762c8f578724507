package dev.probation.gateway;

import dev.probation.detect.Detector;
import dev.probation.detect.Verdict;
import dev.probation.model.ChatResponse;
import dev.probation.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detectors that call models (the lie detector asks the deployed model follow-up questions) cost too
 * much, and take too long, for every exchange and for the recorder's thread. They run on a seeded
 * sample of live exchanges, off the recorder, at most {@link #IN_FLIGHT} at a time with up to
 * {@link #WAITING} more waiting; their verdicts are added to the exchange when they arrive. An
 * exchange sampled while that queue is full is skipped and counted, so a slow model never backs up
 * the recorder.
 */
final class LateVerdicts implements AutoCloseable {

    static final int IN_FLIGHT = 4;
    static final int WAITING = 256;

    private static final Logger LOG = LoggerFactory.getLogger(LateVerdicts.class);

    private final List<Detector> detectors;
    private final double rate;
    private final Store store;
    private final SplittableRandom random;
    private final Semaphore admitted = new Semaphore(IN_FLIGHT + WAITING);
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean closed;

    LateVerdicts(List<Detector> detectors, double rate, Store store, long seed) {
        this.detectors = List.copyOf(detectors);
        this.rate = rate;
        this.store = store;
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    boolean isEmpty() {
        return detectors.isEmpty();
    }

    List<String> names() {
        return detectors.stream().map(Detector::name).toList();
    }

    /** Called by the recorder's thread for each live exchange with a whole answer; never blocks. */
    void offer(String exchangeId, Scenario scenario, ChatResponse response) {
        if (detectors.isEmpty() || closed) {
            return;
        }
        boolean sampled;
        synchronized (random) {
            sampled = random.nextDouble() < rate;
        }
        if (!sampled) {
            return;
        }
        if (!admitted.tryAcquire()) {
            skipped.incrementAndGet();
            return;
        }
        try {
            pool.execute(() -> judge(exchangeId, scenario, response));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            admitted.release();
            skipped.incrementAndGet();
        }
    }

    private void judge(String exchangeId, Scenario scenario, ChatResponse response) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            admitted.release(); // closing: the waiting ones are dropped
            skipped.incrementAndGet();
            return;
        }
        try {
            List<Verdict> verdicts = new ArrayList<>();
            for (Detector detector : detectors) {
                try {
                    verdicts.add(detector.detect(scenario, response));
                } catch (RuntimeException e) {
                    verdicts.add(Verdict.failed(detector.name(), "the detector failed: " + e));
                }
            }
            record(exchangeId, verdicts);
        } catch (StoreException e) {
            lost.incrementAndGet();
            LOG.warn("late verdicts for {} were not recorded: {}", exchangeId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            slots.release();
            admitted.release();
        }
    }

    /**
     * Writes the verdicts; a flagged one also flags the exchange, which the recorder may not have
     * written yet: that is retried for up to 30 s.
     */
    private void record(String exchangeId, List<Verdict> verdicts) throws InterruptedException {
        store.insertVerdicts(exchangeId, verdicts);
        if (verdicts.stream().noneMatch(Verdict::flagged)) {
            return;
        }
        for (int tries = 0; !store.markFlagged(exchangeId) && tries < 30 && !closed; tries++) {
            Thread.sleep(1000);
        }
    }

    /** Sampled exchanges skipped because the queue was full. */
    long skipped() {
        return skipped.get();
    }

    /** Verdicts reached but not recorded (the database was down). */
    long lost() {
        return lost.get();
    }

    /** Waits up to 30 s for verdicts in progress; those still waiting for a slot are dropped. */
    @Override
    public void close() {
        closed = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
