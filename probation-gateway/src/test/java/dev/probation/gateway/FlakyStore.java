package dev.probation.gateway;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A real store that can be switched off: while down, every call fails the way a lost database
 * connection does. Stands in for pulling the plug on the database server.
 */
final class FlakyStore implements Store {

    private final Store store;
    volatile boolean down;
    /** Exchanges the database refuses while it answers, like a value it cannot store. */
    volatile java.util.function.Predicate<Exchange> refuse = e -> false;
    /**
     * While down, {@link #reachable()} waits for this to open first, the way a pool waits out its
     * connection timeout for a database that does not answer; null answers at once.
     */
    volatile java.util.concurrent.CountDownLatch slowProbe;
    final java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();

    FlakyStore(Store store) {
        this.store = store;
    }

    private void check() {
        if (down) {
            throw new StoreException("connection refused", new SQLException("Connection refused", "08001"));
        }
    }

    @Override
    public void insert(List<Exchange> exchanges) {
        check();
        if (exchanges.stream().anyMatch(refuse)) {
            throw new StoreException("value too long", new SQLException("value too long for type", "22001"));
        }
        store.insert(exchanges);
    }

    @Override
    public void insertVerdicts(String exchangeId, List<dev.probation.detect.Verdict> verdicts) {
        check();
        store.insertVerdicts(exchangeId, verdicts);
    }

    @Override
    public boolean markFlagged(String exchangeId) {
        check();
        return store.markFlagged(exchangeId);
    }

    @Override
    public Page exchanges(ExchangeQuery query) {
        check();
        return store.exchanges(query);
    }

    @Override
    public Optional<Exchange> exchange(String id) {
        check();
        return store.exchange(id);
    }

    @Override
    public List<Exchange> shadowsOf(String liveId) {
        check();
        return store.shadowsOf(liveId);
    }

    @Override
    public List<ShadowPair> shadowPairs(int limit) {
        check();
        return store.shadowPairs(limit);
    }

    @Override
    public List<ShadowTotals> shadowTotals() {
        check();
        return store.shadowTotals();
    }

    @Override
    public void insert(Alert alert) {
        check();
        store.insert(alert);
    }

    @Override
    public List<Alert> alerts(int limit) {
        check();
        return store.alerts(limit);
    }

    @Override
    public long deleteBefore(java.time.Instant cutoff) {
        check();
        return store.deleteBefore(cutoff);
    }

    @Override
    public boolean reachable() {
        probes.incrementAndGet();
        java.util.concurrent.CountDownLatch wait = slowProbe;
        if (down && wait != null) {
            try {
                wait.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return !down && store.reachable();
    }

    @Override
    public FileCheck checkFile() {
        return store.checkFile();
    }

    @Override
    public void close() {
        store.close();
    }
}
