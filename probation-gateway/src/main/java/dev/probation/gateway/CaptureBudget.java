package dev.probation.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request and answer bodies that requests in flight may hold for the record, all
 * together. A capture takes what it needs as it grows; once the budget is spent, captures are cut
 * short rather than the client kept waiting, and the record says so.
 */
final class CaptureBudget {

    private final long total;
    private final AtomicLong free;

    CaptureBudget(long total) {
        this.total = total;
        this.free = new AtomicLong(total);
    }

    long total() {
        return total;
    }

    /** Bytes held now. */
    long used() {
        return total - free.get();
    }

    /** Takes up to {@code wanted} bytes and returns how many were granted (0 when nothing is left). */
    int take(int wanted) {
        while (true) {
            long available = free.get();
            int granted = (int) Math.min(wanted, available);
            if (granted <= 0 || free.compareAndSet(available, available - granted)) {
                return Math.max(granted, 0);
            }
        }
    }

    void give(long bytes) {
        free.addAndGet(bytes);
    }
}
