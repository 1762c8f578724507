package dev.probation.gateway;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a failed write leaves behind in the pool. On PostgreSQL a rollback is enough: Hikari itself
 * drops a connection that broke. On SQLite a failed write may leave connections that can no longer
 * write while they still look valid, so they are replaced:
 * <ul>
 *   <li>after an I/O error SQLite ends the transaction by itself; sqlite-jdbc then fails the rollback
 *       ("no transaction is active") and keeps autocommit off, and Hikari skips its reset of such a
 *       connection, so every later write on it would fail;</li>
 *   <li>a connection that first reads while the write-ahead log cannot be written (immutable, a
 *       failing disk) opens the log read-only for good: its writes fail with SQLITE_READONLY and roll
 *       back cleanly, until Hikari retires it after 30 minutes.</li>
 * </ul>
 */
final class FailedWrites {

    /** SQLite's primary result code SQLITE_READONLY. */
    private static final int SQLITE_READONLY = 8;

    private final HikariDataSource pool;
    private final boolean sqlite;

    FailedWrites(HikariDataSource pool, boolean sqlite) {
        this.pool = pool;
        this.sqlite = sqlite;
    }

    /**
     * Ends a failed write on {@code c}. On SQLite the connection is dropped, and so are the idle ones
     * (those in use on their return), unless SQLite refused the value itself: a new SQLite connection
     * costs no more than opening a file.
     */
    void end(Connection c, Exception failure) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            pool.evictConnection(c);
            return;
        }
        if (sqlite && !StoreException.refused(failure)) {
            pool.evictConnection(c);
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /**
     * Whether a write that failed is worth trying once more at once, on a new connection: on SQLite,
     * when it failed as read-only, which is what a connection opened while the log was frozen says
     * long after the log can be written again.
     */
    boolean worthRetrying(StoreException e) {
        if (!sqlite) {
            return false;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && (sql.getErrorCode() & 0xff) == SQLITE_READONLY) {
                return true;
            }
        }
        return false;
    }
}
