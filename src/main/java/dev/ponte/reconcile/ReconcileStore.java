package dev.ponte.reconcile;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * The reconciliation's durable state: each account's checkpoint and what was resent (tables of
 * {@code db/reconcile/<dialect>/}, created by Flyway). The same SQL serves SQLite (one instance, under
 * {@code ponte.reconcile.dir}) and PostgreSQL (several instances share it; a run holds an advisory lock so only
 * one instance reconciles an account at a time).
 */
public class ReconcileStore implements AutoCloseable {

    /** {@code sqlite} or {@code postgresql}. */
    private final String dialect;
    private final DataSource dataSource;
    private final AutoCloseable closeable;

    public ReconcileStore(String dialect, DataSource dataSource, AutoCloseable closeable) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.closeable = closeable;
    }

    public String dialect() {
        return dialect;
    }

    public Optional<Instant> checkpoint(String account) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT sent_at FROM ponte_reconcile_checkpoint WHERE account = ?")) {
            select.setString(1, account);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(Instant.ofEpochMilli(rows.getLong(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read the checkpoint", e);
        }
    }

    public void saveCheckpoint(String account, Instant sentAt, Instant now) {
        update("save the checkpoint", """
                INSERT INTO ponte_reconcile_checkpoint (account, sent_at, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (account) DO UPDATE SET sent_at = excluded.sent_at, updated_at = excluded.updated_at""",
                account, sentAt.toEpochMilli(), now.toEpochMilli());
    }

    /** How many times the event was resent already (0 when never). */
    public int attempts(String account, String eventKey) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT attempts FROM ponte_reconcile_resend WHERE account = ? AND event_key = ?")) {
            select.setString(1, account);
            select.setString(2, eventKey);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw failure("read the resends", e);
        }
    }

    public void recordResend(String account, String eventKey, long recordId, Instant now) {
        update("record a resend", """
                INSERT INTO ponte_reconcile_resend (account, event_key, attempts, last_record, last_resent_at)
                VALUES (?, ?, 1, ?, ?)
                ON CONFLICT (account, event_key) DO UPDATE SET attempts = ponte_reconcile_resend.attempts + 1,
                    last_record = excluded.last_record, last_resent_at = excluded.last_resent_at""",
                account, eventKey, recordId, now.toEpochMilli());
    }

    /** Forgets resends older than {@code before}: their deliveries are out of every window by then. */
    public int purge(Instant before) {
        return update("purge old resends", "DELETE FROM ponte_reconcile_resend WHERE last_resent_at < ?",
                before.toEpochMilli());
    }

    /**
     * The right to reconcile {@code account} now: with PostgreSQL a session advisory lock, so that instances sharing
     * the database never reconcile one account at the same time; empty when another instance holds it. SQLite is one
     * instance's own file: always granted.
     */
    public Optional<AutoCloseable> tryLock(String account) {
        if (!dialect.equals("postgresql")) {
            return Optional.of(() -> { });
        }
        long key = ("ponte-reconcile:" + account).hashCode() & 0xffffffffL | 0x5265_0000_0000_0000L;
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            boolean locked;
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
                locked = rows.next() && rows.getBoolean(1);
            }
            if (!locked) {
                connection.close();
                return Optional.empty();
            }
            Connection held = connection;
            return Optional.of(() -> {
                try (held; Statement unlock = held.createStatement()) {
                    unlock.execute("SELECT pg_advisory_unlock(" + key + ")");
                }
            });
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the lock failure is what the caller needs to know
                }
            }
            throw failure("take the reconciliation lock", e);
        }
    }

    private int update(String what, String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("reconciliation store (" + dialect + ") could not " + what + ": "
                + e.getMessage(), e);
    }

    @Override
    public void close() throws Exception {
        if (closeable != null) {
            closeable.close();
        }
    }
}
