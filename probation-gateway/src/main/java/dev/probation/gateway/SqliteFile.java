package dev.probation.gateway;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The SQLite database file, watched in case it is deleted while the gateway runs (a data folder
 * removed by hand, a clean-up script). A deleted file stays readable through the connections that
 * have it open, and the pool would go on writing into it, out of sight. So one connection of its own
 * (the anchor) keeps the file open, and a check that finds the path empty copies the open database
 * back to it with {@code VACUUM INTO}, everything written since included; then the pool reconnects to
 * the copy. Pooled connections open the file without creating it, so a deleted file is never quietly
 * replaced by an empty one.
 */
final class SqliteFile implements AutoCloseable {

    /** SQLite's SQLITE_OPEN_READWRITE without SQLITE_OPEN_CREATE, for the pool's connections. */
    static final String OPEN_EXISTING = "2";
    private static final long QUIET_MILLIS = 30_000;

    private final String jdbcUrl;
    private final Path path;
    private Connection anchor;
    private Object identity;

    private SqliteFile(String jdbcUrl, Path path) {
        this.jdbcUrl = jdbcUrl;
        this.path = path;
    }

    /**
     * Opens the file of a {@code jdbc:sqlite:<file>} URL, creating it and its folder if need be (SQLite
     * creates the file but not its folder); null for an in-memory database.
     */
    static SqliteFile open(String jdbcUrl) throws IOException, SQLException {
        String file = jdbcUrl.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", "");
        if (file.isEmpty() || file.startsWith(":") || file.startsWith("file:")) {
            return null;
        }
        SqliteFile sqlite = new SqliteFile(jdbcUrl, Path.of(file).toAbsolutePath());
        Files.createDirectories(sqlite.path.getParent());
        sqlite.connect();
        return sqlite;
    }

    Path path() {
        return path;
    }

    private void connect() throws SQLException {
        anchor = DriverManager.getConnection(jdbcUrl);
        try (Statement s = anchor.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL"); // a copy made by VACUUM INTO is not in WAL mode
        }
        pin();
        identity = identity(path);
    }

    /**
     * Reads once through the anchor, so that it holds the write-ahead log open as well: SQLite opens
     * that file lazily, and cannot open it any more once the database file is gone (it copies the
     * database file's permissions). Called again once the schema exists.
     */
    void pin() throws SQLException {
        try (Statement s = anchor.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM sqlite_schema").close();
        }
    }

    /**
     * Checks that the file is still the one opened; restores it from the anchor when it is gone.
     * The pool is suspended meanwhile, so no write lands in the old file after the copy.
     */
    synchronized Store.FileCheck check(HikariDataSource pool) {
        Object now = identity(path);
        if (now != null && now.equals(identity)) {
            return Store.FileCheck.FINE;
        }
        if (now != null) {
            return new Store.FileCheck(false, "the database file " + path + " was replaced by another file while the"
                    + " gateway ran; the gateway goes on writing to the file it opened, which is no longer on disk");
        }
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        bean.suspendPool();
        try {
            awaitQuiet(bean);
            Files.createDirectories(path.getParent());
            Path copy = path.resolveSibling(path.getFileName() + ".restoring");
            Files.deleteIfExists(copy);
            try (Statement s = anchor.createStatement()) {
                s.execute("VACUUM INTO '" + copy.toString().replace("'", "''") + "'");
            }
            Files.move(copy, path, StandardCopyOption.ATOMIC_MOVE);
            identity = identity(path);
            bean.softEvictConnections();
            String restored = "the database file " + path + " was deleted while the gateway ran; it is restored, with"
                    + " every exchange recorded";
            try {
                anchor.close();
                connect();
            } catch (SQLException e) {
                return new Store.FileCheck(true, restored + ", but it cannot be watched any more: " + e.getMessage());
            }
            return new Store.FileCheck(true, restored);
        } catch (IOException | SQLException e) {
            return new Store.FileCheck(false, "the database file " + path + " was deleted while the gateway ran and"
                    + " cannot be restored (" + e.getMessage() + "); what it held is lost when the gateway stops");
        } finally {
            bean.resumePool();
        }
    }

    /** Writes in progress finish before the copy (reads may go on; they change nothing). */
    private static void awaitQuiet(HikariPoolMXBean bean) {
        long deadline = System.currentTimeMillis() + QUIET_MILLIS;
        while (bean.getActiveConnections() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The file's device and inode, or null when nothing is at the path. */
    private static Object identity(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return Objects.requireNonNullElse(attributes.fileKey(), attributes.creationTime());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            anchor.close();
        } catch (SQLException ignored) {
            // closing a read-only anchor; the pool has written everything
        }
    }
}
