package dev.ponte.idempotency;

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
 * newest {@code maxEntries} within the retention, loaded from the file at start): a claim reads memory only. An id is
 * remembered in memory as soon as the broker confirmed its event, and written to the file behind the webhook's back
 * by one writer thread, in batches, at most {@link #FLUSH_INTERVAL} later (at once when {@link #FLUSH_BATCH} wait),
 * and on close. So the file costs the webhook nothing, and what a crash or a power loss can cost is bounded: the ids
 * of that last interval (and, with {@code synchronous=NORMAL}, those since the last checkpoint on power loss) may be
 * forgotten, which costs at most a second publish of those events, dropped by consumers by {@code message_id}. The
 * spool, whose loss would lose events, keeps {@code synchronous=FULL} and fsyncs before answering. One Ponte process
 * per folder: the in-flight claims are not shared.
 */
public class SqliteIdempotencyStore extends LocalIdempotencyStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqliteIdempotencyStore.class);
    static final int PURGE_BATCH = 5_000;
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(50);
    static final int FLUSH_BATCH = 500;
    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    private final Connection connection;
    private final PreparedStatement upsert;
    private final RememberedIds remembered;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger waitingCount = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread writer;
    private volatile boolean open = true;
    private boolean failing;
    private final long retentionMillis;
    private final long maxEntries;
    private final Clock clock;

    public SqliteIdempotencyStore(Path dir, Duration retention, long maxEntries, Clock clock) {
        this.retentionMillis = retention.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
        // expiry counted from each id's confirm time (ids loaded at start keep theirs), on the store's clock
        this.remembered = new RememberedIds(maxEntries, retentionMillis);
        Path file = dir.resolve("event-ids.db").toAbsolutePath();
        try {
            Files.createDirectories(dir);
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA busy_timeout=5000");
                // ids are random keys: a larger page cache keeps the B-tree's pages
                statement.execute("PRAGMA cache_size=-16000");
                // SQLite's default checkpoint size, on purpose: rarer, larger checkpoints are bursts that take a core
                // from the webhooks and show in their tail latency
                statement.execute("PRAGMA wal_autocheckpoint=1000");
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
        writer = new Thread(this::writeBehind, "ponte-idempotency-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void writeBehind() {
        while (open) {
            java.util.concurrent.locks.LockSupport.parkNanos(FLUSH_INTERVAL.toNanos());
            flush();
        }
    }

    /** The newest ids within the retention, into memory. */
    private void load() throws SQLException {
        // the newest maxEntries, oldest first: the order the ring forgets them in
        try (PreparedStatement select = connection.prepareStatement("SELECT event_id, confirmed_at FROM (SELECT "
                + "event_id, confirmed_at FROM event_ids WHERE confirmed_at >= ? ORDER BY confirmed_at DESC LIMIT ?) "
                + "ORDER BY confirmed_at")) {
            long now = clock.millis();
            select.setLong(1, now - retentionMillis);
            select.setLong(2, maxEntries);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    remembered.put(key(rows.getString(1)), rows.getLong(2), now);
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
        return remembered.contains(key, clock.millis());
    }

    /** Remembers the id at once; the writer thread puts it in the file. */
    @Override
    protected void remember(Object key) {
        long now = clock.millis();
        remembered.put(key, now, now);
        waiting.add(new Pending(text(key), now));
        if (waitingCount.incrementAndGet() >= FLUSH_BATCH) {
            java.util.concurrent.locks.LockSupport.unpark(writer);
        }
    }

    private record Pending(String id, long confirmedAt) {
    }

    /**
     * Writes every id waiting now, in one transaction.
     *
     * @return how many of them could not be written (they stay remembered in memory until the process ends)
     */
    synchronized int flush() {
        List<Pending> batch = new ArrayList<>();
        for (Pending next; (next = waiting.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        waitingCount.addAndGet(-batch.size());
        try {
            connection.setAutoCommit(false);
            for (Pending pending : batch) {
                upsert.setString(1, pending.id());
                upsert.setLong(2, pending.confirmedAt());
                upsert.addBatch();
            }
            upsert.executeBatch();
            connection.commit();
            if (failing) {
                failing = false;
                log.info("idempotency store writes again");
            }
            return 0;
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is broken: the next write reports it
            }
            if (!failing) {
                failing = true;
                log.warn("idempotency store write failed ({} ids not kept across a restart; they stay remembered "
                        + "until then): {}", batch.size(), e.getMessage());
            }
            return batch.size();
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // as above
            }
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
        flush();
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
        flush();
        return queryLong("SELECT COUNT(*) FROM event_ids");
    }

    /** A pragma of the store's own connection, as SQLite reports it. */
    synchronized long pragma(String name) {
        return queryLong("PRAGMA " + name);
    }

    private synchronized long queryLong(String sql) {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
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
    public void close() {
        open = false;
        java.util.concurrent.locks.LockSupport.unpark(writer);
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        closeConnection();
    }

    private synchronized void closeConnection() {
        try {
            upsert.close();
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the idempotency store: {}", e.getMessage());
        }
    }
}
