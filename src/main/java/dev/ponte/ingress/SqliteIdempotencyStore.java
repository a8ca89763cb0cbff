package dev.ponte.ingress;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The event ids of one machine, kept across restarts: SQLite in WAL mode, {@code <dir>/event-ids.db}, beside the
 * spool. Claims in flight are held in memory ({@link LocalIdempotencyStore}), and so are the ids remembered (the
 * newest {@code maxEntries} within the retention, loaded from the file at start): a claim reads memory only, and the
 * file costs one write per webhook. An id is written, then remembered, once the broker confirmed its event, with
 * {@code synchronous=NORMAL}: the commit is in the WAL file at once (a crash of the
 * process loses nothing) but fsync'd only at checkpoints, so a power loss may forget the last ids. That costs at
 * most a second publish of those events, which consumers drop by {@code message_id}; the spool, whose loss would
 * lose events, keeps {@code synchronous=FULL}. One Ponte process per folder: the in-flight claims are not shared.
 */
public class SqliteIdempotencyStore extends LocalIdempotencyStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqliteIdempotencyStore.class);
    static final int PURGE_BATCH = 5_000;
    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    private final Connection connection;
    private final PreparedStatement upsert;
    private final Cache<Object, Long> remembered;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final long retentionMillis;
    private final long maxEntries;
    private final Clock clock;

    public SqliteIdempotencyStore(Path dir, Duration retention, long maxEntries, Clock clock) {
        this.retentionMillis = retention.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
        long retentionNanos = retention.toNanos();
        // expiry counted from each id's confirm time (ids loaded at start keep theirs), on the store's clock
        this.remembered = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.<Object, Long>creating((key, confirmedAt) -> Duration.ofNanos(Math.max(0,
                        TimeUnit.MILLISECONDS.toNanos(confirmedAt) + retentionNanos
                                - TimeUnit.MILLISECONDS.toNanos(clock.millis())))))
                .build();
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
                // no index on confirmed_at: one B-tree write per id; the purge (every purge-interval) scans instead
            }
            load();
            upsert = connection.prepareStatement("INSERT INTO event_ids (event_id, confirmed_at) VALUES (?, ?) "
                    + "ON CONFLICT (event_id) DO UPDATE SET confirmed_at = excluded.confirmed_at");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("idempotency store at " + file + " cannot be opened", e);
        }
    }

    /** The newest ids within the retention, into memory. */
    private void load() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT event_id, confirmed_at FROM event_ids "
                + "WHERE confirmed_at >= ? ORDER BY confirmed_at DESC LIMIT ?")) {
            select.setLong(1, clock.millis() - retentionMillis);
            select.setLong(2, maxEntries);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    remembered.put(key(rows.getString(1)), rows.getLong(2));
                }
            }
        }
    }

    /** Compact in memory when {@link #text} gives the id back exactly (lower-case hex), else the id itself. */
    @Override
    protected Object key(String eventId) {
        Object compact = MemoryIdempotencyStore.CompactId.of(eventId);
        if (compact instanceof MemoryIdempotencyStore.CompactId) {
            for (int i = 4; i < eventId.length(); i++) {
                char c = eventId.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return eventId;
                }
            }
        }
        return compact;
    }

    @Override
    protected boolean published(Object key) {
        return remembered.getIfPresent(key) != null;
    }

    /**
     * Writes the id, then remembers it. Concurrent confirms share a commit (group commit): whoever holds the
     * connection writes every id waiting at that moment in one transaction, and each caller returns only once its
     * own id is committed.
     */
    @Override
    protected void remember(Object key) {
        Pending pending = new Pending(text(key), clock.millis());
        waiting.add(pending);
        synchronized (this) {
            if (!pending.done) {
                commitWaiting();
            }
        }
        if (pending.failure != null) {
            throw new IdempotencyUnavailableException("idempotency store write failed: "
                    + pending.failure.getMessage(), pending.failure);
        }
        remembered.put(key, pending.confirmedAt);
    }

    /** An id waiting for its commit; its fields are written and read under the store's lock. */
    private static final class Pending {
        final String id;
        final long confirmedAt;
        boolean done;
        SQLException failure;

        Pending(String id, long confirmedAt) {
            this.id = id;
            this.confirmedAt = confirmedAt;
        }
    }

    private void commitWaiting() {
        List<Pending> batch = new ArrayList<>();
        for (Pending next; (next = waiting.poll()) != null; ) {
            batch.add(next);
        }
        SQLException failure = null;
        try {
            connection.setAutoCommit(false);
            for (Pending pending : batch) {
                upsert.setString(1, pending.id);
                upsert.setLong(2, pending.confirmedAt);
                upsert.addBatch();
            }
            upsert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            failure = e;
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is broken: the next write reports it
            }
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // as above
            }
        }
        for (Pending pending : batch) {
            pending.failure = failure;
            pending.done = true;
        }
    }

    private static String text(Object key) {
        if (key instanceof MemoryIdempotencyStore.CompactId id) {
            return "evt_" + HEX.toHexDigits(id.high()) + HEX.toHexDigits(id.low());
        }
        return (String) key;
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
            upsert.close();
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the idempotency store: {}", e.getMessage());
        }
    }
}
