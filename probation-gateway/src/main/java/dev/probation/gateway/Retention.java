package dev.probation.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes recorded exchanges older than the retention period, at start and then every hour. */
final class Retention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final Store store;
    private final Duration keep;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("probation-retention").daemon(true).factory());

    Retention(Store store, Duration keep, Clock clock) {
        this.store = store;
        this.keep = keep;
        this.clock = clock;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::prune, 0, 1, TimeUnit.HOURS);
    }

    /** One pass; a database that is away is simply tried again next hour. */
    long prune() {
        try {
            long deleted = store.deleteBefore(clock.instant().minus(keep));
            if (deleted > 0) {
                LOG.info("deleted {} exchange(s) older than {} days", deleted, keep.toDays());
            }
            return deleted;
        } catch (StoreException e) {
            LOG.warn("cannot apply the retention period now: {}", e.getMessage());
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
