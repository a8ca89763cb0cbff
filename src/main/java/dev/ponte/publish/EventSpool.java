package dev.ponte.publish;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local journal of events the broker could not confirm. SQLite in WAL mode with {@code synchronous=FULL}:
 * an append returns only once its commit is fsync'd, so a 202 {@code spooled} survives a crash or power loss.
 * SQLite was chosen over a hand-made file format for its tested crash safety, and over H2/MVStore and Chronicle
 * Queue because it fsyncs every commit by default (MVStore writes in the background; Chronicle relies on the page
 * cache) and deletes single entries once they are confirmed. Events keep their arrival order ({@code seq}).
 */
public class EventSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventSpool.class);

    private final Connection connection;
    private final long maxBytes;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile Instant oldest;
    private volatile boolean failing;
    /** Set when an event did not fit; cleared when the drain frees room. */
    private volatile boolean full;

    public EventSpool(Path dir, long maxBytes) {
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("spool.db").toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("CREATE TABLE IF NOT EXISTS spooled (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "event_id TEXT NOT NULL, routing_key TEXT NOT NULL, provider TEXT NOT NULL, "
                        + "time TEXT NOT NULL, received_at TEXT NOT NULL, body BLOB NOT NULL)");
            }
            refreshStats();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("spool at " + dir + " cannot be opened", e);
        }
        if (depth.get() > 0) {
            log.warn("Spool holds {} event(s) from before the restart; they are published once the broker confirms",
                    depth.get());
        }
    }

    /**
     * Appends durably.
     *
     * @throws SpoolUnavailableException when the spool is full or its disk write fails
     */
    public synchronized void append(String eventId, String routingKey, String provider, Instant time,
                                    Instant receivedAt, byte[] body) {
        if (bytes.get() + body.length > maxBytes) {
            full = true;
            throw new SpoolUnavailableException("spool full (" + bytes.get() + " bytes)", null);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO spooled "
                + "(event_id, routing_key, provider, time, received_at, body) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, eventId);
            insert.setString(2, routingKey);
            insert.setString(3, provider);
            insert.setString(4, time.toString());
            insert.setString(5, receivedAt.toString());
            insert.setBytes(6, body);
            insert.executeUpdate();
            failing = false;
        } catch (SQLException e) {
            failing = true;
            throw new SpoolUnavailableException("spool write failed", e);
        }
        if (depth.getAndIncrement() == 0) {
            oldest = receivedAt;
        }
        bytes.addAndGet(body.length);
    }

    /** The oldest events, in arrival order. */
    public synchronized List<SpooledEvent> oldest(int limit) {
        List<SpooledEvent> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, event_id, routing_key, provider, "
                + "time, received_at, body FROM spooled ORDER BY seq LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.add(new SpooledEvent(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), Instant.parse(rows.getString(5)), Instant.parse(rows.getString(6)),
                            rows.getBytes(7)));
                }
            }
        } catch (SQLException e) {
            throw new SpoolUnavailableException("spool read failed", e);
        }
        return events;
    }

    /** Removes events the broker has confirmed. */
    public synchronized void remove(List<SpooledEvent> confirmed) {
        if (confirmed.isEmpty()) {
            return;
        }
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM spooled WHERE seq = ?")) {
                for (SpooledEvent event : confirmed) {
                    delete.setLong(1, event.seq());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new SpoolUnavailableException("spool delete failed", e);
        } finally {
            autoCommitQuietly();
        }
        full = false;
        depth.addAndGet(-confirmed.size());
        bytes.addAndGet(-confirmed.stream().mapToLong(event -> event.body().length).sum());
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT received_at FROM spooled ORDER BY seq LIMIT 1")) {
            oldest = row.next() ? Instant.parse(row.getString(1)) : null;
        } catch (SQLException e) {
            throw new SpoolUnavailableException("spool read failed", e);
        }
    }

    public long depth() {
        return depth.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Receive time of the oldest spooled event; null when empty. */
    public Instant oldestReceivedAt() {
        return depth.get() == 0 ? null : oldest;
    }

    /** True while the spool can take events: no event was refused for room since the last drain, no write failed. */
    public boolean accepting() {
        return !failing && !full && bytes.get() < maxBytes;
    }

    private void refreshStats() {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0), "
                     + "(SELECT received_at FROM spooled ORDER BY seq LIMIT 1) FROM spooled")) {
            row.next();
            depth.set(row.getLong(1));
            bytes.set(row.getLong(2));
            String first = row.getString(3);
            oldest = first == null ? null : Instant.parse(first);
        } catch (SQLException e) {
            throw new SpoolUnavailableException("spool read failed", e);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: the next operation reports it
        }
    }

    private void autoCommitQuietly() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // as above
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the spool: {}", e.getMessage());
        }
    }
}
