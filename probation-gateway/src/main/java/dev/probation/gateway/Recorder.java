package dev.probation.gateway;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *   <li>When the spool cannot be written either (a full or failing disk), records are held in
 *       memory ({@link Hold}) and saved once the disk or the database takes them. Past the hold's
 *       bound the proxy stops taking calls to record ({@link #admit()}): nothing taken is dropped.</li>
 * </ul>
 */
final class Recorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    private static final int BATCH = 100;
    /** Wait before replaying the overflow spool again after it failed. */
    private static final long OVERFLOW_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Bytes of captures the queue may hold before captures overflow to disk. */
    private static final long MAX_QUEUED_BYTES = 256L << 20;
    /** While records are held in memory, how often the disk is tried again. */
    private static final long HOLD_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often the database file and the spool's files are looked for. */
    private static final long FILE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Longest wait on one write before the database counts as down (it hangs rather than refuses). */
    static final java.time.Duration WRITE_DEADLINE = java.time.Duration.ofSeconds(5);

    private final WriteDeadline store;
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
    private final Outage database;
    private long nextOverflowReplay;
    private final Hold hold;
    private final FileWatch files;
    private final AtomicBoolean diskFailing = new AtomicBoolean();
    /** Records lost because the process stopped while neither the database nor the disk took them. */
    private final AtomicLong lostAtStop = new AtomicLong();
    private long nextHoldTry;
    private long nextFileCheck;

    /** A record the database refused, kept with the reason. */
    record Rejected(String reason, Exchange exchange) {}

    /**
     * @param holdBytes    bytes of records kept in memory while neither the database nor the disk
     *                     takes them; beyond it calls to record are turned away
     * @param passWhenFull beyond that bound, pass calls through unrecorded instead of answering 503
     */
    Recorder(Store store, Path spoolDir, OnlineAnalysis analysis, int capacity, long holdBytes, boolean passWhenFull) {
        this.store = new WriteDeadline(store, WRITE_DEADLINE);
        this.spool = new Spool<>(spoolDir, "spool", Exchange.class);
        this.overflow = new Spool<>(spoolDir, "overflow", Capture.class);
        this.rejected = new Spool<>(spoolDir, "rejected", Rejected.class);
        this.hold = new Hold(holdBytes, passWhenFull);
        this.database = new Outage(store, spoolDir);
        this.files = new FileWatch(store, spoolDir, List.of(spool, overflow, rejected));
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

    /** Whether to take a call to record; see {@link Hold#admit()}. */
    Hold.Admission admit() {
        return hold.admit();
    }

    /**
     * Never waits on the database or on analysis: a full queue sends the capture to the overflow
     * spool, and a spool that cannot be written to the hold.
     */
    void submit(Capture capture) {
        long size = capture.request().length + capture.response().length;
        open.readLock().lock();
        try {
            if (running && queuedBytes.get() + size <= MAX_QUEUED_BYTES && queue.offer(capture)) {
                queuedBytes.addAndGet(size);
                return;
            }
            try {
                overflow.append(List.of(capture), false);
                diskWorks();
            } catch (UncheckedIOException e) {
                diskFailed(e);
                if (running) {
                    hold.keep(capture);
                } else {
                    lostAtStop.incrementAndGet();
                    LOG.error("exchange {} arrived after the recorder stopped and the spool cannot be written; it is lost",
                            capture.id());
                }
            }
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
        return database.down();
    }

    /** Whether the last write to the spool reached the disk. */
    boolean spoolWritable() {
        return !diskFailing.get();
    }

    /** Records held in memory: neither the database nor the spool took them yet. */
    Hold hold() {
        return hold;
    }

    /** Records known lost: with deleted spool files, or held in memory when the gateway stopped. */
    long lost() {
        return files.lost() + lostAtStop.get();
    }

    FileWatch files() {
        return files;
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
                record(hold.takeCaptures(BATCH));
                saveHeldWhenDue(false);
                if (queue.size() <= capacity / 2) {
                    replayWhenDue();
                }
                if (System.nanoTime() >= nextFileCheck) {
                    files.check();
                    nextFileCheck = System.nanoTime() + FILE_CHECK_NANOS;
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
            while (!(batch = hold.takeCaptures(BATCH)).isEmpty()) {
                record(batch);
            }
            saveHeldWhenDue(true);
            replayWhenDue();
        } catch (RuntimeException e) {
            LOG.error("the recorder could not finish its last batch of {}", batch.size(), e);
        }
        if (!hold.isEmpty()) {
            lostAtStop.addAndGet(hold.count());
            LOG.error("{} exchange(s) held in memory could not be written before the stop (neither the database nor"
                    + " the spool in {} takes them); they are lost", hold.count(), spool.dir());
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
        save(exchanges);
        exchanges.forEach(this::notify);
    }

    /** Saves records, or holds them in memory when neither the database nor the spool takes them. */
    private void save(List<Exchange> exchanges) {
        if (hold.hasExchanges()) {
            hold.keep(exchanges); // a record never overtakes those held before it
            return;
        }
        try {
            saveNow(exchanges);
        } catch (UncheckedIOException e) {
            diskFailed(e);
            hold.keep(exchanges);
        }
    }

    /**
     * To the database; while it is down, or records wait for it in the spool, to the spool.
     *
     * @throws UncheckedIOException when the spool cannot be written
     */
    private void saveNow(List<Exchange> exchanges) {
        if (!database.down() && spool.pending() == 0) {
            try {
                write(exchanges);
                return;
            } catch (StoreException e) {
                database.failed(e);
            }
        }
        spool.append(exchanges, true);
        diskWorks();
    }

    /** Saves the records held in memory, oldest first: once a second while they wait, or {@code now}. */
    private void saveHeldWhenDue(boolean now) {
        if (!hold.hasExchanges() || (!now && System.nanoTime() < nextHoldTry)) {
            return;
        }
        long saved = 0;
        try {
            for (List<Exchange> next; !(next = hold.oldest(BATCH)).isEmpty(); saved += next.size()) {
                saveNow(next);
                hold.release(next.size());
            }
            LOG.info("the {} exchange(s) held in memory are saved; recording goes on as usual", saved);
        } catch (UncheckedIOException e) {
            diskFailed(e);
            nextHoldTry = System.nanoTime() + HOLD_RETRY_NANOS;
        }
    }

    /** Logs once when the spool stops taking records, not once a record. */
    private void diskFailed(UncheckedIOException e) {
        if (diskFailing.compareAndSet(false, true)) {
            LOG.warn("cannot write to the spool in {} ({}); records the database does not take are held in memory, up"
                    + " to {}, until the disk takes them", spool.dir(), rootMessage(e), Hold.size(hold.limit()));
        }
    }

    private void diskWorks() {
        if (diskFailing.compareAndSet(true, false)) {
            LOG.info("the spool in {} can be written again", spool.dir());
        }
    }

    /** What the file system said, without the path this class already names. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.nio.file.FileSystemException f) {
            return f.getReason() != null ? f.getReason() : root.getClass().getSimpleName();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /**
     * One capture that breaks the analysis is recorded with the error, not dropped with its batch: an
     * Error too (its batch would otherwise be lost with it), since what failed was this capture's analysis.
     */
    private Exchange analyse(Capture capture) {
        try {
            return analysis.analyse(capture);
        } catch (RuntimeException | Error e) {
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
                LOG.error("cannot replay the overflow spool ({}); trying again in 30 s", rootMessage(e));
                nextOverflowReplay = now + OVERFLOW_RETRY_NANOS;
            }
        }
        if (spool.pending() == 0 || !database.due()) {
            return;
        }
        try {
            database.recovered(spool.replay(this::write));
        } catch (StoreException e) {
            database.failed(e);
        } catch (RuntimeException e) {
            LOG.error("cannot replay the spool ({}); trying again later", rootMessage(e));
            database.backOff();
        }
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
