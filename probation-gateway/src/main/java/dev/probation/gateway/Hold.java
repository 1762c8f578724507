package dev.probation.gateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that neither the database nor the spool would take (a full or failing disk), kept in
 * memory in their order of arrival until one of them does. Nothing is ever dropped from it: its
 * bound is kept by admission instead. Once the bytes held reach the limit, the proxy takes no more
 * calls to record, and what is held already stays.
 */
final class Hold {

    private static final Logger LOG = LoggerFactory.getLogger(Hold.class);

    /** What the proxy does with a call it would record. */
    enum Admission {
        RECORD,
        /** The hold is full: answer 503, without calling the upstream. */
        REFUSE,
        /** The hold is full: pass the call through unrecorded, as configured. */
        PASS
    }

    private final long limit;
    private final boolean passWhenFull;
    private final AtomicBoolean turningAway = new AtomicBoolean();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unrecorded = new AtomicLong();
    /** Raw captures the overflow spool refused, from the request threads; the recorder takes them. */
    private final Deque<Capture> captures = new ArrayDeque<>();
    /** Analysed exchanges the database and the spool refused, oldest first. */
    private final Deque<Exchange> exchanges = new ArrayDeque<>();
    private long bytes;

    /**
     * @param limit        bytes of bodies held before calls to record are turned away
     * @param passWhenFull then pass them through unrecorded rather than answer 503
     */
    Hold(long limit, boolean passWhenFull) {
        this.limit = limit;
        this.passWhenFull = passWhenFull;
    }

    long limit() {
        return limit;
    }

    boolean passWhenFull() {
        return passWhenFull;
    }

    /** Calls answered 503 because they could not be recorded. */
    long refused() {
        return refused.get();
    }

    /** Calls passed through unrecorded because they could not be recorded. */
    long unrecorded() {
        return unrecorded.get();
    }

    /**
     * Whether to take a call to record: yes, unless the records held reached the limit. Asked before
     * the call goes upstream, so a call turned away costs nothing and loses nothing. Logs once when
     * calls start being turned away, and once when they are taken again.
     */
    Admission admit() {
        if (!full()) {
            noteRoom();
            return Admission.RECORD;
        }
        if (turningAway.compareAndSet(false, true)) {
            LOG.error("the records held in memory reached {}; until the disk takes them, calls to record are {}",
                    size(limit), passWhenFull ? "passed to the upstream unrecorded" : "answered 503");
        }
        (passWhenFull ? unrecorded : refused).incrementAndGet();
        return passWhenFull ? Admission.PASS : Admission.REFUSE;
    }

    synchronized boolean full() {
        return bytes >= limit;
    }

    synchronized void keep(Capture capture) {
        captures.add(capture);
        bytes += size(capture);
    }

    synchronized void keep(List<Exchange> more) {
        for (Exchange exchange : more) {
            exchanges.add(exchange);
            bytes += size(exchange);
        }
    }

    /** Takes up to {@code max} captures out, for the recorder to analyse. */
    synchronized List<Capture> takeCaptures(int max) {
        List<Capture> taken = new ArrayList<>(Math.min(max, captures.size()));
        while (taken.size() < max && !captures.isEmpty()) {
            Capture capture = captures.poll();
            bytes -= size(capture);
            taken.add(capture);
        }
        return taken; // no "room again" yet: the recorder may hold them again, analysed
    }

    /** The oldest {@code max} exchanges, left in place until {@link #release(int)}. */
    synchronized List<Exchange> oldest(int max) {
        return exchanges.stream().limit(max).toList();
    }

    /** Lets go of the oldest {@code count} exchanges, once they are saved. */
    synchronized void release(int count) {
        for (int i = 0; i < count && !exchanges.isEmpty(); i++) {
            bytes -= size(exchanges.poll());
        }
        noteRoom();
    }

    private synchronized void noteRoom() {
        if (bytes < limit && turningAway.compareAndSet(true, false)) {
            LOG.info("the records held in memory are below {} again; calls are recorded again", size(limit));
        }
    }

    synchronized boolean hasExchanges() {
        return !exchanges.isEmpty();
    }

    synchronized boolean isEmpty() {
        return exchanges.isEmpty() && captures.isEmpty();
    }

    synchronized long count() {
        return exchanges.size() + captures.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Bytes for a person: MiB when whole, else bytes. */
    static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    private static long size(Capture capture) {
        return capture.request().length + capture.response().length;
    }

    /** Its text, two bytes a character as Java holds it. */
    private static long size(Exchange exchange) {
        return 2L * (exchange.requestBody().length() + exchange.responseBody().length() + exchange.answer().length()
                + exchange.reasoning().length() + exchange.tools().chars());
    }
}
