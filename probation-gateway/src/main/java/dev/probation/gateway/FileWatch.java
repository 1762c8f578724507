package dev.probation.gateway;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that what was recorded is still on disk: the SQLite file (restored by the store when it
 * was deleted) and the spool's files. A data folder deleted while the gateway runs is otherwise
 * invisible, since open files stay writable. Each finding is logged once, and kept for
 * {@code /api/status} and the message at shutdown.
 */
final class FileWatch {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);
    private static final int EVENTS = 20;

    private final Store store;
    private final Path spoolDir;
    private final List<Spool<?>> spools;
    private final AtomicLong lost = new AtomicLong();
    private final Deque<String> events = new ArrayDeque<>();
    private volatile Store.FileCheck database = Store.FileCheck.FINE;

    FileWatch(Store store, Path spoolDir, List<Spool<?>> spools) {
        this.store = store;
        this.spoolDir = spoolDir;
        this.spools = spools;
    }

    synchronized void check() {
        Store.FileCheck found;
        try {
            found = store.checkFile();
        } catch (RuntimeException e) {
            found = new Store.FileCheck(false, "cannot check the database file: " + e.getMessage());
        }
        if (found.event() != null && !found.equals(database)) {
            if (found.present()) {
                LOG.warn("{}", found.event());
            } else {
                LOG.error("{}", found.event());
            }
            event(found.event());
        }
        database = found;
        long gone = 0;
        for (Spool<?> spool : spools) {
            gone += spool.lost();
        }
        if (gone > 0) {
            lost.addAndGet(gone);
            String event = "the spool's files in " + spoolDir + " were deleted with " + gone + " record(s) waiting in"
                    + " them for the database; those records are lost";
            LOG.error("{}", event);
            event(event);
        }
    }

    /** Whether what was written to the database is on disk where it belongs. */
    boolean databasePresent() {
        return database.present();
    }

    /** Why not, when it is not. */
    String databaseProblem() {
        return database.present() ? null : database.event();
    }

    /** Records known lost with deleted spool files. */
    long lost() {
        return lost.get();
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    private void event(String event) {
        if (events.size() == EVENTS) {
            events.poll();
        }
        events.add(java.time.Instant.now() + " " + event);
    }
}
