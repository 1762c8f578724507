package dev.probation.gateway;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/**
 * The database could not be reached or refused a statement. {@link #refused()} tells a record
 * the database will never take (a value it cannot store) from a failure that may pass.
 */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the database refused the data itself: SQLState class 22 (data exception) or 23
     * (integrity constraint), or SQLite's TOOBIG, CONSTRAINT and MISMATCH. Everything else (lost
     * connections, locks, timeouts, a full disk, a read-only replica) may pass, so it is retried.
     */
    public boolean refused() {
        return refused(getCause());
    }

    /** Whether a driver's error says the database refused the data itself; see {@link #refused()}. */
    static boolean refused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                    return true;
                }
                int code = sql.getErrorCode() & 0xff; // SQLite's primary result code
                if (sql.getClass().getName().startsWith("org.sqlite") && (code == 18 || code == 19 || code == 20)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A driver's error in one line, safe to log: pgjdbc puts the statement with its values (the
     * exchange's bodies) in a batch's message, and a server's detail lines may quote a row.
     */
    static String describe(Throwable e) {
        Throwable shown = e instanceof BatchUpdateException && e.getCause() != null ? e.getCause() : e;
        String message = shown.getMessage() == null || shown.getMessage().isBlank() ? shown.getClass().getSimpleName()
                : shown.getMessage().strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }
}
