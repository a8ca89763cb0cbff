package dev.ponte.eventlog;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event log's tables ({@code ponte_webhook_log}, {@code ponte_delivery_log}) in PostgreSQL or the embedded
 * SQLite database; the SQL is the same for both. Times are epoch milliseconds.
 */
public class EventLogStore implements AutoCloseable {

    private static final String WEBHOOK_COLUMNS = "id, event_id, outcome, detail, provider, type, order_id, "
            + "customer_email, request_id, received_at, answered_at, remote_address, user_agent, body_bytes";
    private static final String ATTEMPT_COLUMNS = "id, event_id, route, attempt, outcome, status, error, at, duration_ms";

    private final DataSource dataSource;
    private final String kind;
    private final boolean sqlite;
    private final AutoCloseable onClose;
    private final Runnable migration;
    private volatile boolean migrated;

    /**
     * @param kind      {@code postgresql} or {@code sqlite}, for the console and the logs
     * @param onClose   closes the pool when the store closes; may be null
     * @param migration creates or updates the tables; run before the first use, and again until it succeeds
     */
    public EventLogStore(DataSource dataSource, String kind, AutoCloseable onClose, Runnable migration) {
        this.dataSource = dataSource;
        this.kind = kind;
        this.sqlite = "sqlite".equals(kind);
        this.onClose = onClose;
        this.migration = migration;
    }

    /**
     * Migrates the tables unless done. A database unreachable at start-up must not stop Ponte from taking webhooks:
     * the log then fails (its rows are dropped and counted) until the migration succeeds.
     *
     * @throws EventLogException while the migration fails
     */
    public void migrate() {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (!migrated) {
                try {
                    migration.run();
                } catch (RuntimeException e) {
                    throw new EventLogException("event log tables not ready", e);
                }
                migrated = true;
            }
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    public String kind() {
        return kind;
    }

    /** Writes rows in one transaction. */
    public void write(List<WebhookRow> webhooks, List<LoggedAttempt> attempts) {
        if (webhooks.isEmpty() && attempts.isEmpty()) {
            return;
        }
        migrate();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!webhooks.isEmpty()) {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ponte_webhook_log "
                            + "(event_id, outcome, detail, provider, type, order_id, customer_email, request_id, "
                            + "received_at, answered_at, remote_address, user_agent, body_bytes, event_json) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        for (WebhookRow row : webhooks) {
                            LoggedWebhook w = row.webhook();
                            insert.setString(1, w.eventId());
                            insert.setString(2, w.outcome());
                            insert.setString(3, w.detail());
                            insert.setString(4, w.provider());
                            insert.setString(5, w.type());
                            insert.setString(6, w.orderId());
                            insert.setString(7, w.customerEmail());
                            insert.setString(8, w.requestId());
                            insert.setLong(9, w.receivedAt().toEpochMilli());
                            insert.setLong(10, w.answeredAt().toEpochMilli());
                            insert.setString(11, w.remoteAddress());
                            insert.setString(12, w.userAgent());
                            insert.setInt(13, w.bodyBytes());
                            if (row.eventJson() == null) {
                                insert.setNull(14, Types.VARCHAR);
                            } else if (sqlite) {
                                // SQLite keeps the UTF-8 bytes as they are and reads them back as text: no decoding
                                // to a String and encoding again per row
                                insert.setBytes(14, row.eventJson());
                            } else {
                                insert.setString(14, new String(row.eventJson(), StandardCharsets.UTF_8));
                            }
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
                if (!attempts.isEmpty()) {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ponte_delivery_log "
                            + "(event_id, route, attempt, outcome, status, error, at, duration_ms) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                        for (LoggedAttempt a : attempts) {
                            insert.setString(1, a.eventId());
                            insert.setString(2, a.route());
                            insert.setInt(3, a.attempt());
                            insert.setString(4, a.outcome());
                            if (a.status() == null) {
                                insert.setNull(5, Types.INTEGER);
                            } else {
                                insert.setInt(5, a.status());
                            }
                            insert.setString(6, a.error());
                            insert.setLong(7, a.at().toEpochMilli());
                            insert.setLong(8, a.durationMs());
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new EventLogException("event log write failed", e);
        }
    }

    /** Webhooks matching the query, newest first, each with its event's state per route. */
    public EventPage search(EventQuery query) {
        migrate();
        StringBuilder sql = new StringBuilder("SELECT ").append(WEBHOOK_COLUMNS).append(" FROM ponte_webhook_log WHERE 1=1");
        List<Object> args = new ArrayList<>();
        filter(sql, args, "order_id = ?", query.orderId());
        filter(sql, args, "customer_email = ?", query.email());
        filter(sql, args, "provider = ?", query.provider());
        filter(sql, args, "type = ?", query.type());
        filter(sql, args, "outcome = ?", query.outcome());
        filter(sql, args, "received_at >= ?", query.since() == null ? null : query.since().toEpochMilli());
        filter(sql, args, "received_at < ?", query.until() == null ? null : query.until().toEpochMilli());
        filter(sql, args, "id < ?", query.cursor());
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(query.limit() + 1);
        List<LoggedWebhook> webhooks = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = prepare(connection, sql.toString(), args);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    webhooks.add(webhook(rows, false));
                }
            }
            Long next = null;
            if (webhooks.size() > query.limit()) {
                webhooks = new ArrayList<>(webhooks.subList(0, query.limit()));
                next = webhooks.get(webhooks.size() - 1).id();
            }
            Map<String, List<LoggedAttempt>> attempts = attempts(connection,
                    webhooks.stream().map(LoggedWebhook::eventId).filter(java.util.Objects::nonNull).toList());
            List<EventSummary> events = webhooks.stream().map(w -> new EventSummary(w, w.eventId() == null
                    ? List.of() : EventSummary.states(attempts.getOrDefault(w.eventId(), List.of())))).toList();
            return new EventPage(events, next);
        } catch (SQLException e) {
            throw new EventLogException("event log search failed", e);
        }
    }

    /** Everything known of one event: its webhooks (the first with the event's JSON) and every delivery row. */
    public Optional<EventRecord> find(String eventId) {
        migrate();
        try (Connection connection = dataSource.getConnection()) {
            List<LoggedWebhook> webhooks = new ArrayList<>();
            try (PreparedStatement select = prepare(connection, "SELECT " + WEBHOOK_COLUMNS + ", event_json "
                    + "FROM ponte_webhook_log WHERE event_id = ? ORDER BY id", List.of(eventId));
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    webhooks.add(webhook(rows, true));
                }
            }
            List<LoggedAttempt> attempts = attempts(connection, List.of(eventId)).getOrDefault(eventId, List.of());
            if (webhooks.isEmpty() && attempts.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new EventRecord(eventId, webhooks, attempts));
        } catch (SQLException e) {
            throw new EventLogException("event log read failed", e);
        }
    }

    /** The outcomes the webhooks of one event got, as far as the log has written them (it writes in batches). */
    public java.util.Set<String> outcomes(String eventId) {
        migrate();
        java.util.Set<String> outcomes = new java.util.TreeSet<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = prepare(connection, "SELECT DISTINCT outcome FROM ponte_webhook_log "
                     + "WHERE event_id = ?", List.of(eventId));
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                outcomes.add(rows.getString(1));
            }
            return outcomes;
        } catch (SQLException e) {
            throw new EventLogException("event log read failed", e);
        }
    }

    /** Events whose latest row at {@code route} says dead-lettered, newest first. */
    public List<LoggedAttempt> deadLettered(String route, int limit) {
        migrate();
        String sql = "SELECT " + ATTEMPT_COLUMNS + " FROM ponte_delivery_log d WHERE route = ? AND outcome = ? "
                + "AND NOT EXISTS (SELECT 1 FROM ponte_delivery_log later WHERE later.event_id = d.event_id "
                + "AND later.route = d.route AND (later.at > d.at OR (later.at = d.at AND later.id > d.id))) "
                + "ORDER BY at DESC, id DESC LIMIT ?";
        List<LoggedAttempt> dead = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = prepare(connection, sql, List.of(route, "dead_lettered", limit));
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                dead.add(attempt(rows));
            }
            return dead;
        } catch (SQLException e) {
            throw new EventLogException("event log read failed", e);
        }
    }

    /** Counts since {@code since}: webhooks by outcome, delivery tries by outcome. */
    public Counts counts(Instant since) {
        migrate();
        try (Connection connection = dataSource.getConnection()) {
            return new Counts(count(connection, "SELECT outcome, COUNT(*) FROM ponte_webhook_log WHERE received_at >= ? "
                    + "GROUP BY outcome", since), count(connection, "SELECT outcome, COUNT(*) FROM ponte_delivery_log "
                    + "WHERE at >= ? AND attempt > 0 GROUP BY outcome", since));
        } catch (SQLException e) {
            throw new EventLogException("event log read failed", e);
        }
    }

    /** @param webhooks outcome → count; @param deliveries outcome → count */
    public record Counts(Map<String, Long> webhooks, Map<String, Long> deliveries) {
    }

    /** Deletes rows older than {@code before}; returns how many. */
    public int purge(Instant before) {
        migrate();
        try (Connection connection = dataSource.getConnection()) {
            int deleted;
            try (PreparedStatement delete = prepare(connection, "DELETE FROM ponte_webhook_log WHERE received_at < ?",
                    List.of(before.toEpochMilli()))) {
                deleted = delete.executeUpdate();
            }
            try (PreparedStatement delete = prepare(connection, "DELETE FROM ponte_delivery_log WHERE at < ?",
                    List.of(before.toEpochMilli()))) {
                deleted += delete.executeUpdate();
            }
            return deleted;
        } catch (SQLException e) {
            throw new EventLogException("event log purge failed", e);
        }
    }

    private static Map<String, Long> count(Connection connection, String sql, Instant since) throws SQLException {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (PreparedStatement select = prepare(connection, sql, List.of(since.toEpochMilli()));
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private static Map<String, List<LoggedAttempt>> attempts(Connection connection, Collection<String> eventIds)
            throws SQLException {
        Map<String, List<LoggedAttempt>> byEvent = new HashMap<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(eventIds));
        if (ids.isEmpty()) {
            return byEvent;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement select = prepare(connection, "SELECT " + ATTEMPT_COLUMNS + " FROM ponte_delivery_log "
                + "WHERE event_id IN (" + marks + ") ORDER BY at, id", new ArrayList<>(ids));
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                LoggedAttempt attempt = attempt(rows);
                byEvent.computeIfAbsent(attempt.eventId(), k -> new ArrayList<>()).add(attempt);
            }
        }
        return byEvent;
    }

    private static void filter(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<?> args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg instanceof Long l) {
                statement.setLong(i + 1, l);
            } else if (arg instanceof Integer n) {
                statement.setInt(i + 1, n);
            } else {
                statement.setString(i + 1, (String) arg);
            }
        }
        return statement;
    }

    private static LoggedWebhook webhook(ResultSet rows, boolean withJson) throws SQLException {
        return new LoggedWebhook(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
                Instant.ofEpochMilli(rows.getLong(10)), Instant.ofEpochMilli(rows.getLong(11)), rows.getString(12),
                rows.getString(13), rows.getInt(14), withJson ? rows.getString(15) : null);
    }

    private static LoggedAttempt attempt(ResultSet rows) throws SQLException {
        int status = rows.getInt(6);
        Integer boxed = rows.wasNull() ? null : status;
        return new LoggedAttempt(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                rows.getString(5), boxed, rows.getString(7), Instant.ofEpochMilli(rows.getLong(8)), rows.getLong(9));
    }

    @Override
    public void close() throws Exception {
        if (onClose != null) {
            onClose.close();
        }
    }
}
