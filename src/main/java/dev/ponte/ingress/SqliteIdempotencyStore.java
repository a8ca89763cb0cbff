package dev.ponte.ingress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * The event ids of one machine, kept across restarts: SQLite in WAL mode, {@code <dir>/event-ids.db}, beside the
 * spool. Claims in flight are held in memory ({@link LocalIdempotencyStore}); an id is written once the broker
 * confirmed its event, with {@code synchronous=NORMAL}: the commit is in the WAL file at once (a crash of the
 * process loses nothing) but fsync'd only at checkpoints, so a power loss may forget the last ids. That costs at
 * most a second publish of those events, which consumers drop by {@code message_id}; the spool, whose loss would
 * lose events, keeps {@code synchronous=FULL}. One Ponte process per folder: the in-flight claims are not shared.
 */
public class SqliteIdempotencyStore extends LocalIdempotencyStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqliteIdempotencyStore.class);
    static final int PURGE_BATCH = 5_000;

    private final Connection connection;
    private final PreparedStatement select;
    private final PreparedStatement upsert;
    private final long retentionMillis;
    private final long maxEntries;
    private final Clock clock;

    public SqliteIdempotencyStore(Path dir, Duration retention, long maxEntries, Clock clock) {
        this.retentionMillis = retention.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
        Path file = dir.resolve("event-ids.db").toAbsolutePath();
        try {
            Files.createDirectories(dir);
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA busy_timeout=5000");
                statement.execute("CREATE TABLE IF NOT EXISTS event_ids (event_id TEXT PRIMARY KEY, "
                        + "confirmed_at INTEGER NOT NULL) WITHOUT ROWID");
                statement.execute("CREATE INDEX IF NOT EXISTS event_ids_confirmed_at ON event_ids (confirmed_at)");
            }
            select = connection.prepareStatement("SELECT 1 FROM event_ids WHERE event_id = ? AND confirmed_at >= ?");
            upsert = connection.prepareStatement("INSERT INTO event_ids (event_id, confirmed_at) VALUES (?, ?) "
                    + "ON CONFLICT (event_id) DO UPDATE SET confirmed_at = excluded.confirmed_at");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("idempotency store at " + file + " cannot be opened", e);
        }
    }

    @Override
    protected Object key(String eventId) {
        return eventId;
    }

    @Override
    protected synchronized boolean published(Object key) {
        try {
            select.setString(1, (String) key);
            select.setLong(2, clock.millis() - retentionMillis);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IdempotencyUnavailableException("idempotency store read failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected synchronized void remember(Object key) {
        try {
            upsert.setString(1, (String) key);
            upsert.setLong(2, clock.millis());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IdempotencyUnavailableException("idempotency store write failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the ids past their retention, then the oldest beyond {@code maxEntries}, in batches (webhooks
     * claim between them).
     *
     * @return how many ids were deleted
     */
    public int purge() {
        int deleted = 0;
        int batch;
        do {
            batch = update("DELETE FROM event_ids WHERE event_id IN (SELECT event_id FROM event_ids "
                    + "WHERE confirmed_at < ? LIMIT " + PURGE_BATCH + ")", clock.millis() - retentionMillis);
            deleted += batch;
        } while (batch == PURGE_BATCH);
        long excess = size() - maxEntries;
        while (excess > 0) {
            batch = update("DELETE FROM event_ids WHERE event_id IN (SELECT event_id FROM event_ids "
                    + "ORDER BY confirmed_at LIMIT ?)", Math.min(excess, PURGE_BATCH));
            if (batch == 0) {
                break;
            }
            deleted += batch;
            excess -= batch;
        }
        return deleted;
    }

    public synchronized long size() {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM event_ids")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IdempotencyUnavailableException("idempotency store read failed: " + e.getMessage(), e);
        }
    }

    private synchronized int update(String sql, long parameter) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IdempotencyUnavailableException("idempotency store purge failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            select.close();
            upsert.close();
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the idempotency store: {}", e.getMessage());
        }
    }
}
