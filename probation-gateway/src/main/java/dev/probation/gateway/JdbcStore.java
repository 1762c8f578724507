package dev.probation.gateway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.probation.detect.Verdict;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The store on SQLite (the embedded default) or PostgreSQL, chosen by the JDBC URL. The schema is
 * migrated by Flyway at start; one set of migrations serves both databases.
 */
public final class JdbcStore implements Store {


    /** Live exchanges joined with their shadows, verdict by verdict, where both verdicts are valid. */
    private static final String PAIRS = " FROM exchanges s JOIN exchanges l ON l.id = s.shadow_of"
            + " JOIN verdicts lv ON lv.exchange_id = l.id"
            + " JOIN verdicts sv ON sv.exchange_id = s.id AND sv.detector = lv.detector"
            + " WHERE s.kind = 'shadow' AND lv.label <> 'error' AND sv.label <> 'error'";

    /** Defaults for a PostgreSQL URL that does not set them. */
    static final int PG_CONNECT_TIMEOUT_SECONDS = 5;
    static final int PG_SOCKET_TIMEOUT_SECONDS = 30;

    private final HikariDataSource pool;
    private final FailedWrites failedWrites;
    /** The SQLite file, watched for deletion; null for PostgreSQL and in-memory SQLite. */
    private final SqliteFile file;

    private JdbcStore(HikariDataSource pool, boolean sqlite, SqliteFile file) {
        this.pool = pool;
        this.failedWrites = new FailedWrites(pool, sqlite);
        this.file = file;
    }

    /**
     * Connects and migrates the schema.
     *
     * @param jdbcUrl {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://host/db?user=..&password=..}
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static JdbcStore open(String jdbcUrl) {
        boolean sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
        if (!sqlite && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--db must be a jdbc:sqlite: or jdbc:postgresql: URL, not '"
                    + redact(jdbcUrl) + "'");
        }
        SqliteFile file = null;
        if (sqlite) {
            try {
                file = SqliteFile.open(jdbcUrl);
            } catch (IOException | SQLException e) {
                throw new StoreException("cannot open " + redact(jdbcUrl) + ": " + StoreException.describe(e), e);
            }
        } else if (jdbcUrl.matches("(?i).*[?&]logServerErrorDetail=true.*")) {
            throw new IllegalArgumentException("--db: logServerErrorDetail=true would put exchange content in the"
                    + " gateway's log; leave it out");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("probation-store");
        config.setMaximumPoolSize(sqlite ? 4 : 8);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        // Fail fast at start, but let the pool come back by itself after the database went away.
        config.setInitializationFailTimeout(1);
        if (sqlite) {
            config.setConnectionInitSql("PRAGMA busy_timeout = 5000");
        } else {
            // Otherwise pgjdbc puts a failed batch's statement, with the exchange's bodies, in its error
            // message, and the server's detail ("Failing row contains ...") too; Hikari logs it.
            config.addDataSourceProperty("logServerErrorDetail", "false");
            // pgjdbc waits on a socket for ever by default: a server that hangs (stopped, or cut off
            // without a reset) would hold a connection, and whoever waits on it, indefinitely. The
            // URL's own values win over these.
            config.addDataSourceProperty("connectTimeout", String.valueOf(PG_CONNECT_TIMEOUT_SECONDS));
            config.addDataSourceProperty("socketTimeout", String.valueOf(PG_SOCKET_TIMEOUT_SECONDS));
            config.addDataSourceProperty("tcpKeepAlive", "true");
        }
        if (file != null) {
            config.addDataSourceProperty("open_mode", SqliteFile.OPEN_EXISTING);
            config.setAllowPoolSuspension(true); // for a restore of the file
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            closeQuietly(file);
            throw new StoreException("cannot connect to " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            if (sqlite) {
                try (Connection c = pool.getConnection(); var s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode = WAL");
                    s.execute("PRAGMA synchronous = NORMAL");
                }
            }
            Flyway.configure().dataSource(pool).locations("classpath:dev/probation/gateway/db")
                    .loggers("slf4j").load().migrate();
            if (file != null) {
                file.pin();
            }
        } catch (SQLException | RuntimeException e) {
            pool.close();
            closeQuietly(file);
            throw new StoreException("cannot prepare the database " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        return new JdbcStore(pool, sqlite, file);
    }

    private static void closeQuietly(SqliteFile file) {
        if (file != null) {
            file.close();
        }
    }

    @Override
    public void insert(List<Exchange> exchanges) {
        if (exchanges.isEmpty()) {
            return;
        }
        try {
            insertBatch(exchanges);
        } catch (StoreException e) {
            if (!failedWrites.worthRetrying(e)) {
                throw e;
            }
            insertBatch(exchanges); // on a new connection: the failed one and the idle ones were dropped
        }
    }

    /** How long a connection of the pool waits on its socket, in milliseconds (0: for ever). */
    int networkTimeoutMillis() {
        try (Connection c = pool.getConnection()) {
            return c.getNetworkTimeout();
        } catch (SQLException e) {
            throw new StoreException("could not read the connection's socket timeout: " + e.getMessage(), e);
        }
    }

    private void insertBatch(List<Exchange> exchanges) {
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement row = c.prepareStatement("INSERT INTO exchanges (" + ExchangeRows.COLUMNS + ") VALUES "
                    + "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING");
                 PreparedStatement verdict = c.prepareStatement(ExchangeRows.INSERT_VERDICT)) {
                c.setAutoCommit(false);
                for (Exchange e : exchanges) {
                    ExchangeRows.bind(row, e);
                    row.addBatch();
                    for (Verdict v : e.verdicts()) {
                        ExchangeRows.bind(verdict, e.id(), v);
                        verdict.addBatch();
                    }
                }
                row.executeBatch();
                verdict.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                failedWrites.end(c, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot record " + exchanges.size() + " exchange(s): " + StoreException.describe(e), e);
        }
    }

    @Override
    public void insertVerdicts(String exchangeId, List<Verdict> verdicts) {
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement verdict = c.prepareStatement(ExchangeRows.INSERT_VERDICT)) {
                for (Verdict v : verdicts) {
                    ExchangeRows.bind(verdict, exchangeId, v);
                    verdict.addBatch();
                }
                verdict.executeBatch();
            } catch (SQLException | RuntimeException e) {
                failedWrites.end(c, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot record " + verdicts.size() + " verdict(s) of " + exchangeId + ": "
                    + StoreException.describe(e), e);
        }
    }

    @Override
    public boolean markFlagged(String exchangeId) {
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement update = c.prepareStatement("UPDATE exchanges SET flagged = 1 WHERE id = ?")) {
                update.setString(1, exchangeId);
                return update.executeUpdate() > 0;
            } catch (SQLException | RuntimeException e) {
                failedWrites.end(c, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot flag " + exchangeId + ": " + StoreException.describe(e), e);
        }
    }

    @Override
    public Page exchanges(ExchangeQuery query) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE kind = ?");
        args.add(query.kind().id());
        if (query.model() != null) {
            where.append(" AND model = ?");
            args.add(query.model());
        }
        if (query.flagged() != null) {
            where.append(" AND flagged = ?");
            args.add(query.flagged() ? 1 : 0);
        }
        if (query.detector() != null) {
            where.append(" AND id IN (SELECT exchange_id FROM verdicts WHERE detector = ? AND flagged = 1)");
            args.add(query.detector());
        }
        if (query.since() != null) {
            where.append(" AND started_at >= ?");
            args.add(query.since().toEpochMilli());
        }
        if (query.until() != null) {
            where.append(" AND started_at < ?");
            args.add(query.until().toEpochMilli());
        }
        try (Connection c = pool.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM exchanges" + where)) {
                ExchangeRows.bindAll(s, args);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    total = r.getLong(1);
                }
            }
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(query.limit());
            pageArgs.add(query.offset());
            List<Exchange> items = ExchangeRows.select(c, "SELECT " + ExchangeRows.COLUMNS + " FROM exchanges" + where
                    + " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?", pageArgs);
            return new Page(total, items);
        } catch (SQLException e) {
            throw new StoreException("cannot read exchanges: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Exchange> exchange(String id) {
        try (Connection c = pool.getConnection()) {
            return ExchangeRows.select(c, "SELECT " + ExchangeRows.COLUMNS + " FROM exchanges WHERE id = ?", List.of(id)).stream().findFirst();
        } catch (SQLException e) {
            throw new StoreException("cannot read exchange " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Exchange> shadowsOf(String liveId) {
        try (Connection c = pool.getConnection()) {
            return ExchangeRows.select(c, "SELECT " + ExchangeRows.COLUMNS + " FROM exchanges WHERE shadow_of = ? ORDER BY started_at",
                    List.of(liveId));
        } catch (SQLException e) {
            throw new StoreException("cannot read the shadows of " + liveId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ShadowPair> shadowPairs(int limit) {
        List<ShadowPair> pairs = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT l.id, l.model, lv.detector, s.started_at, lv.flagged,"
                     + " sv.flagged" + PAIRS + " ORDER BY s.started_at DESC, s.id DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    pairs.add(new ShadowPair(r.getString(1), r.getString(2), r.getString(3),
                            Instant.ofEpochMilli(r.getLong(4)), r.getInt(5) == 1, r.getInt(6) == 1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read shadow pairs: " + e.getMessage(), e);
        }
        return pairs.reversed();
    }

    @Override
    public List<ShadowTotals> shadowTotals() {
        List<ShadowTotals> totals = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT l.model, lv.detector, COUNT(*), SUM(lv.flagged), SUM(sv.flagged),"
                     + " SUM(CASE WHEN lv.flagged > sv.flagged THEN 1 ELSE 0 END), SUM(CASE WHEN lv.flagged < sv.flagged THEN 1 ELSE 0 END)"
                     + PAIRS + " GROUP BY l.model, lv.detector ORDER BY l.model, lv.detector");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                totals.add(new ShadowTotals(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5),
                        r.getLong(6), r.getLong(7)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count shadow pairs: " + e.getMessage(), e);
        }
        return totals;
    }

    @Override
    public void insert(Alert alert) {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO alerts (id, raised_at, model, detector, rate,"
                     + " baseline, statistic, samples, message) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING")) {
            s.setString(1, alert.id());
            s.setLong(2, alert.raisedAt().toEpochMilli());
            s.setString(3, alert.model());
            s.setString(4, alert.detector());
            s.setDouble(5, alert.rate());
            s.setDouble(6, alert.baseline());
            s.setDouble(7, alert.statistic());
            s.setLong(8, alert.samples());
            s.setString(9, alert.message());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record an alert: " + e.getMessage(), e);
        }
    }

    @Override
    public long deleteBefore(Instant cutoff) {
        long millis = cutoff.toEpochMilli();
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement verdicts = c.prepareStatement("DELETE FROM verdicts WHERE exchange_id IN"
                    + " (SELECT id FROM exchanges WHERE started_at < ?)");
                 PreparedStatement exchanges = c.prepareStatement("DELETE FROM exchanges WHERE started_at < ?");
                 PreparedStatement alerts = c.prepareStatement("DELETE FROM alerts WHERE raised_at < ?")) {
                c.setAutoCommit(false);
                verdicts.setLong(1, millis);
                verdicts.executeUpdate();
                exchanges.setLong(1, millis);
                long deleted = exchanges.executeUpdate();
                alerts.setLong(1, millis);
                alerts.executeUpdate();
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                failedWrites.end(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot delete exchanges before " + cutoff + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Alert> alerts(int limit) {
        List<Alert> alerts = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, raised_at, model, detector, rate, baseline,"
                     + " statistic, samples, message FROM alerts ORDER BY raised_at DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    alerts.add(new Alert(r.getString(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3),
                            r.getString(4), r.getDouble(5), r.getDouble(6), r.getDouble(7), r.getLong(8), r.getString(9)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read alerts: " + e.getMessage(), e);
        }
        return alerts;
    }

    @Override
    public FileCheck checkFile() {
        return file == null ? FileCheck.FINE : file.check(pool);
    }

    @Override
    public boolean reachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
        closeQuietly(file);
    }

    /** The URL without its password, for messages. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
