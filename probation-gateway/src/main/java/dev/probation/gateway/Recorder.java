package dev.probation.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records exchanges off the client's path. The proxy only offers a capture to a bounded queue; one
 * worker analyses captures in batches, runs the detectors and writes them.
 *
 * <ul>
 *   <li>When the database fails, the batch goes to the exchange spool, synced to disk, and is
 *       replayed once the database answers again; newer records join the spool meanwhile, so the
 *       order of arrival holds.</li>
 *   <li>When the database refuses the data itself (SQLState class 22 or 23), the batch is
 *       written record by record and the refused ones go to {@code rejected.jsonl} with the reason,
 *       so one bad record never blocks the others.</li>
 *   <li>When the queue is full (by count or by bytes), the raw capture is appended to the overflow
 *       spool without analysis or sync (serialising it is all the request's thread does), and
 *       analysed later by the worker: a slow database or a slow detector costs disk space, not a
 *       record.</li>
 * </ul>
 */
final class Recorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    private static final int BATCH = 100;
    /** First wait before retrying the database; it doubles up to {@link #MAX_RETRY} while it stays down. */
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** Bytes of captures the queue may hold before captures overflow to disk. */
    private static final long MAX_QUEUED_BYTES = 256L << 20;

    private final Store store;
    private final Spool<Exchange> spool;
    private final Spool<Capture> overflow;
    private final Spool<Rejected> rejected;
    private final OnlineAnalysis analysis;
    private final BlockingQueue<Capture> queue;
    private final int capacity;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final List<Consumer<Exchange>> listeners = new CopyOnWriteArrayList<>();
    private final ReadWriteLock open = new ReentrantReadWriteLock();
    private final Thread worker;
    private volatile boolean running = true;
    private volatile boolean databaseDown;
    private long nextReplay;
    private Duration retry = RETRY;
    private long nextOverflowReplay;

    /** A record the database refused, kept with the reason. */
    record Rejected(String reason, Exchange exchange) {}

    Recorder(Store store, Path spoolDir, OnlineAnalysis analysis, int capacity) {
        this.store = store;
        this.spool = new Spool<>(spoolDir, "spool", Exchange.class);
        this.overflow = new Spool<>(spoolDir, "overflow", Capture.class);
        this.rejected = new Spool<>(spoolDir, "rejected", Rejected.class);
        this.analysis = analysis;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = Thread.ofPlatform().name("probation-recorder").daemon(false).unstarted(this::work);
    }

    void start() {
        worker.start();
    }

    /** Called on the recorder's thread for every analysed exchange, stored or spooled. */
    void onRecorded(Consumer<Exchange> listener) {
        listeners.add(listener);
    }

    /** Never waits on the database or on analysis: a full queue sends the capture to the overflow spool. */
    void submit(Capture capture) {
        long size = capture.request().length + capture.response().length;
        open.readLock().lock();
        try {
            if (running && queuedBytes.get() + size <= MAX_QUEUED_BYTES && queue.offer(capture)) {
                queuedBytes.addAndGet(size);
                return;
            }
            overflow.append(List.of(capture), false);
        } finally {
            open.readLock().unlock();
        }
    }

    int queued() {
        return queue.size();
    }

    /** Records waiting on disk: for the database, or for analysis after an overflow. */
    long spooled() {
        return spool.pending() + overflow.pending();
    }

    /** Records the database refused, kept in {@code rejected.jsonl}. */
    long rejected() {
        return rejected.pending();
    }

    boolean databaseDown() {
        return databaseDown;
    }

    private void work() {
        List<Capture> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Capture first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    batch.forEach(c -> queuedBytes.addAndGet(-(c.request().length + c.response().length)));
                    record(batch);
                    batch.clear();
                }
                if (queue.size() <= capacity / 2) {
                    replayWhenDue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                // The worker must outlive any one batch: without it everything would overflow to disk.
                LOG.error("the recorder failed on a batch of {}; it goes on with the next", batch.size(), e);
                batch.clear();
            }
        }
        try {
            queue.drainTo(batch);
            record(batch);
            replayWhenDue();
        } catch (RuntimeException e) {
            LOG.error("the recorder could not finish its last batch of {}", batch.size(), e);
        }
    }

    private void record(List<Capture> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Exchange> exchanges = new ArrayList<>(batch.size());
        for (Capture capture : batch) {
            exchanges.add(analyse(capture));
        }
        if (databaseDown || spool.pending() > 0) {
            spool.append(exchanges, true);
        } else {
            try {
                write(exchanges);
            } catch (StoreException e) {
                down(e);
                spool.append(exchanges, true);
            }
        }
        exchanges.forEach(this::notify);
    }

    /** One capture that breaks the analysis is recorded with the error, not dropped with its batch. */
    private Exchange analyse(Capture capture) {
        try {
            return analysis.analyse(capture);
        } catch (RuntimeException e) {
            LOG.error("cannot analyse exchange {}; it is recorded without verdicts", capture.id(), e);
            return OnlineAnalysis.unanalysed(capture, "the recorder could not analyse this exchange: " + e);
        }
    }

    /**
     * Writes a batch. When the database refuses the data itself, the batch is written record by
     * record and refused records are set aside.
     *
     * @throws StoreException when the database failed in a way that may pass (down, locked, full)
     */
    private void write(List<Exchange> exchanges) {
        try {
            store.insert(exchanges);
            return;
        } catch (StoreException e) {
            if (!e.refused()) {
                throw e;
            }
        }
        for (Exchange exchange : exchanges) {
            try {
                store.insert(List.of(exchange));
            } catch (StoreException e) {
                if (!e.refused()) {
                    throw e;
                }
                LOG.error("the database refused exchange {}; it is kept in {}: {}", exchange.id(),
                        rejected.dir().resolve("rejected.jsonl"), e.getMessage());
                rejected.append(List.of(new Rejected(e.getMessage(), exchange)), true);
            }
        }
    }

    private void replayWhenDue() {
        long now = System.nanoTime();
        if (overflow.pending() > 0 && now >= nextOverflowReplay) {
            try {
                overflow.replay(this::record);
            } catch (RuntimeException e) {
                LOG.error("cannot replay the overflow spool; trying again in 30 s", e);
                nextOverflowReplay = now + MAX_RETRY.toNanos();
            }
        }
        if (spool.pending() == 0 || now < nextReplay) {
            return;
        }
        // Ask first: a replay against a database that is still away only churns files.
        if (databaseDown && !store.reachable()) {
            backOff();
            return;
        }
        try {
            long replayed = spool.replay(this::write);
            if (databaseDown) {
                LOG.info("the database answers again; {} spooled exchange(s) recorded", replayed);
            }
            databaseDown = false;
            retry = RETRY;
        } catch (StoreException e) {
            down(e);
        } catch (RuntimeException e) {
            LOG.error("cannot replay the spool; trying again later", e);
            backOff();
        }
    }

    private void backOff() {
        nextReplay = System.nanoTime() + retry.toNanos();
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
    }

    private void down(StoreException e) {
        if (!databaseDown) {
            LOG.warn("the database is unavailable; exchanges go to the spool in {} until it answers: {}",
                    spool.dir(), e.getMessage());
        }
        databaseDown = true;
        backOff();
    }

    private void notify(Exchange exchange) {
        for (Consumer<Exchange> listener : listeners) {
            try {
                listener.accept(exchange);
            } catch (RuntimeException e) {
                LOG.warn("a listener failed on exchange {}", exchange.id(), e);
            }
        }
    }

    /**
     * Stops taking captures (later ones go to the overflow spool), records everything queued or
     * spools it, and returns.
     */
    @Override
    public void close() {
        open.writeLock().lock();
        try {
            running = false;
        } finally {
            open.writeLock().unlock();
        }
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
