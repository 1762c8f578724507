package dev.probation.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database as the recorder sees it: up, or down since a failed write, and when to try it
 * again. While it is down the recorder asks whether it answers before it replays the spool, since a
 * replay against a database still away only churns files; and it asks on a thread of its own, since
 * a pool may wait seconds before it says no, and meanwhile captures must go on reaching the spool.
 */
final class Outage {

    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);
    /** First wait before trying the database again; it doubles up to {@link #MAX_RETRY} while it stays down. */
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final Store store;
    private final Path spoolDir;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean down;
    /** Set by a probe when the database answered; the next {@link #due()} then says yes. */
    private volatile boolean answered;
    private long next;
    private Duration retry = RETRY;

    Outage(Store store, Path spoolDir) {
        this.store = store;
        this.spoolDir = spoolDir;
    }

    boolean down() {
        return down;
    }

    /** Whether to try the database now: at once when a probe found it back, never before the backoff. */
    boolean due() {
        long now = System.nanoTime();
        if (!down) {
            return now >= next;
        }
        if (answered) {
            answered = false;
            return true;
        }
        if (now >= next) {
            probe();
            backOff();
        }
        return false;
    }

    /** A write failed in a way that may pass (the database is down, locked, full). */
    void failed(StoreException e) {
        if (!down) {
            LOG.warn("the database is unavailable; exchanges go to the spool in {} until it answers: {}", spoolDir,
                    e.getMessage());
        }
        down = true;
        answered = false; // a probe's yes from before this failure is stale
        backOff();
    }

    /** A replay got through. */
    void recovered(long replayed) {
        if (down) {
            LOG.info("the database answers again; {} spooled exchange(s) recorded", replayed);
        }
        down = false;
        retry = RETRY;
    }

    /** Something else went wrong with a replay: not before the next backoff. */
    void backOff() {
        next = System.nanoTime() + retry.toNanos();
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
    }

    private void probe() {
        if (probing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("probation-database-probe").start(() -> {
                try {
                    answered = store.reachable();
                } finally {
                    probing.set(false);
                }
            });
        }
    }
}
