package dev.probation.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where exchanges, their verdicts and alerts are kept. Methods throw {@link StoreException}. */
public interface Store extends AutoCloseable {

    /** Writes exchanges with their verdicts in one transaction; ids already stored are skipped. */
    void insert(List<Exchange> exchanges);

    /** Adds verdicts reached after the exchange was recorded (detectors that call models); repeats are ignored. */
    void insertVerdicts(String exchangeId, List<dev.probation.detect.Verdict> verdicts);

    /** Marks a recorded exchange as flagged; false when it is not (yet) recorded. */
    boolean markFlagged(String exchangeId);

    Page exchanges(ExchangeQuery query);

    Optional<Exchange> exchange(String id);

    /** The shadow calls made for a live exchange. */
    List<Exchange> shadowsOf(String liveId);

    /** Valid verdict pairs of live calls and their shadows, the newest {@code limit} of them, oldest first. */
    List<ShadowPair> shadowPairs(int limit);

    /** Per model and detector, the count of all valid pairs and of flagged live and shadow verdicts. */
    List<ShadowTotals> shadowTotals();

    void insert(Alert alert);

    /** The newest alerts first. */
    List<Alert> alerts(int limit);

    /**
     * Deletes exchanges (live and shadow), their verdicts and alerts that started before
     * {@code cutoff}.
     *
     * @return exchanges deleted
     */
    long deleteBefore(Instant cutoff);

    /** Whether the database answers at all: tells a refused record from a lost connection. */
    boolean reachable();

    /**
     * For a store kept in a local file: whether the file is still where it was opened, restoring it
     * when it was deleted. Always fine for a database server.
     */
    default FileCheck checkFile() {
        return FileCheck.FINE;
    }

    /**
     * What {@link #checkFile()} found.
     *
     * @param present whether what is recorded is on disk where it belongs
     * @param event   what the check found or did, in one line; null when there was nothing to say
     */
    record FileCheck(boolean present, String event) {
        public static final FileCheck FINE = new FileCheck(true, null);
    }

    @Override
    void close();
}
