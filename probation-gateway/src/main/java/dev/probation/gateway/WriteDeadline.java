package dev.probation.gateway;

import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The recorder's writes, with a deadline. A database that hangs (a stopped server, a dead network
 * path) does not refuse anything: without a deadline a write would wait on its socket, and the
 * captures behind it in memory. A write that misses the deadline therefore counts as failed, so its
 * batch goes to the spool and the database is taken as down. The write itself is left to finish or
 * fail on its own thread; if it commits after all, the spooled copy is skipped when replayed, since
 * the database skips ids it already has.
 */
final class WriteDeadline {

    private final Store store;
    private final Duration limit;

    WriteDeadline(Store store, Duration limit) {
        this.store = store;
        this.limit = limit;
    }

    Duration limit() {
        return limit;
    }

    /** {@link Store#insert(List)}, or a {@link StoreException} once the deadline passed. */
    void insert(List<Exchange> exchanges) {
        FutureTask<Void> write = new FutureTask<>(() -> store.insert(exchanges), null);
        Thread.ofVirtual().name("probation-store-write").start(write);
        try {
            write.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw (Error) e.getCause();
        } catch (TimeoutException e) {
            throw new StoreException("the database has not finished writing " + exchanges.size() + " exchange(s) in "
                    + limit.toSeconds() + " s", new SQLTimeoutException("write deadline passed", "HYT00"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing " + exchanges.size() + " exchange(s)", e);
        }
    }
}
