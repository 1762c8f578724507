package dev.probation.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records exchanges off the client's path. The proxy only offers a capture to a bounded queue; one
 * worker analyses captures in batches, runs the detectors and writes them. When the database
 * fails, the batch goes to the {@link Spool} and is replayed once the database answers again. When
 * the queue is full the capture is spooled at once, so a slow database costs disk space, never a
 * client's time or a record.
 */
final class Recorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    private static final int BATCH = 100;
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Store store;
    private final Spool spool;
    private final OnlineAnalysis analysis;
    private final BlockingQueue<Capture> queue;
    private final List<Consumer<Exchange>> listeners = new CopyOnWriteArrayList<>();
    private final Thread worker;
    private volatile boolean running = true;
    private volatile boolean databaseDown;
    private long nextReplay;

    Recorder(Store store, Spool spool, OnlineAnalysis analysis, int capacity) {
        this.store = store;
        this.spool = spool;
        this.analysis = analysis;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = Thread.ofPlatform().name("probation-recorder").daemon(false).unstarted(this::work);
    }

    void start() {
        worker.start();
    }

    /** Called for every analysed exchange, stored or spooled, on the recorder's thread. */
    void onRecorded(Consumer<Exchange> listener) {
        listeners.add(listener);
    }

    /** Never blocks on the database: a full queue sends the capture straight to the spool. */
    void submit(Capture capture) {
        if (running && queue.offer(capture)) {
            return;
        }
        Exchange exchange = analysis.analyse(capture);
        spool.append(List.of(exchange));
        notify(exchange);
    }

    int queued() {
        return queue.size();
    }

    long spooled() {
        return spool.pending();
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
                    record(batch);
                    batch.clear();
                }
                replayWhenDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("the recorder failed on a batch; it goes on with the next", e);
                batch.clear();
            }
        }
        queue.drainTo(batch);
        record(batch);
        replayWhenDue();
    }

    private void record(List<Capture> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Exchange> exchanges = new ArrayList<>(batch.size());
        for (Capture capture : batch) {
            exchanges.add(analysis.analyse(capture));
        }
        if (databaseDown || spool.pending() > 0) {
            // Keep the order of arrival: while older records wait in the spool, newer ones join them.
            spool.append(exchanges);
        } else {
            try {
                store.insert(exchanges);
            } catch (StoreException e) {
                down(e);
                spool.append(exchanges);
            }
        }
        exchanges.forEach(this::notify);
    }

    private void replayWhenDue() {
        if (spool.pending() == 0 || System.nanoTime() < nextReplay) {
            return;
        }
        try {
            long replayed = spool.replay(store::insert);
            if (databaseDown) {
                LOG.info("the database answers again; {} spooled exchange(s) recorded", replayed);
            }
            databaseDown = false;
        } catch (StoreException e) {
            down(e);
        }
    }

    private void down(StoreException e) {
        if (!databaseDown) {
            LOG.warn("the database is unavailable; exchanges go to the spool in {} until it answers: {}",
                    spool.dir(), e.getMessage());
        }
        databaseDown = true;
        nextReplay = System.nanoTime() + RETRY.toNanos();
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

    /** Stops taking captures, records everything queued (or spools it), and returns. */
    @Override
    public void close() {
        running = false;
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
