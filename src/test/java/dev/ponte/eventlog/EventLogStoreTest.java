package dev.ponte.eventlog;

import com.zaxxer.hikari.HikariDataSource;
import dev.ponte.support.TestBroker;
import dev.ponte.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event log's tables in PostgreSQL and in SQLite: search, dead letters, counts, retention purge, migration. */
class EventLogStoreTest {

    private static String schema;
    private static HikariDataSource postgres;

    @BeforeAll
    static void createSchema() {
        schema = TestDatabase.createSchema();
        postgres = TestDatabase.dataSource(schema);
    }

    @AfterAll
    static void dropSchema() {
        postgres.close();
        TestDatabase.dropSchema(schema);
    }

    private static EventLogStore store(String kind) {
        if (kind.equals("postgresql")) {
            return new EventLogStore(postgres, kind, null, () -> EventLogConfiguration.migratePostgres(postgres));
        }
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + TestBroker.tempDir("eventlog").resolve("events.db"));
        return new EventLogStore(sqlite, kind, null, () -> org.flywaydb.core.Flyway.configure().dataSource(sqlite)
                .locations("classpath:db/eventlog/sqlite").table(EventLogConfiguration.HISTORY).load().migrate());
    }

    private static WebhookRow webhook(String eventId, String orderId, Instant at) {
        return WebhookRow.of(new LoggedWebhook(0, eventId, "accepted", null, "cakto", "order.paid", orderId, "a@b.com", "req", at, at,
                "127.0.0.1", "ua", 100, "{\"id\":\"" + eventId + "\"}"));
    }

    private static LoggedAttempt attempt(String eventId, String route, int n, String outcome, Instant at) {
        return new LoggedAttempt(0, eventId, route, n, outcome, 500, "HTTP 500", at, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void rowsPastTheRetentionArePurgedAndTheRestStays(String kind) {
        EventLogStore store = store(kind);
        String order = "o-" + UUID.randomUUID();
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        store.write(List.of(webhook("evt_old" + order, order, now.minus(Duration.ofDays(31))),
                        webhook("evt_new" + order, order, now.minus(Duration.ofDays(29)))),
                List.of(attempt("evt_old" + order, "r", 1, "delivered", now.minus(Duration.ofDays(31))),
                        attempt("evt_new" + order, "r", 1, "delivered", now.minus(Duration.ofDays(29)))));
        EventLogPurge purge = new EventLogPurge(store, Duration.ofDays(30), Duration.ofHours(1),
                Clock.fixed(now, ZoneOffset.UTC));
        assertThat(purge.purge()).isGreaterThanOrEqualTo(2);
        assertThat(store.find("evt_old" + order)).isEmpty();
        EventRecord kept = store.find("evt_new" + order).orElseThrow();
        assertThat(kept.webhooks()).hasSize(1);
        assertThat(kept.attempts()).hasSize(1);
        assertThat(purge.purge()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void deadLettersAreThoseWhoseLatestRowAtTheRouteSaysSo(String kind) {
        EventLogStore store = store(kind);
        String route = "route-" + UUID.randomUUID();
        Instant t = Instant.now();
        store.write(List.of(), List.of(
                attempt("evt_a", route, 1, "dead_lettered", t),
                attempt("evt_b", route, 1, "dead_lettered", t.plusMillis(1)),
                attempt("evt_b", route, 0, LoggedAttempt.REPLAYED, t.plusMillis(2)),
                attempt("evt_c", route, 1, "retrying", t.plusMillis(3)),
                attempt("evt_c", route, 2, "dead_lettered", t.plusMillis(4)),
                attempt("evt_a", "other-" + route, 1, "delivered", t.plusMillis(5))));
        assertThat(store.deadLettered(route, 10)).extracting(LoggedAttempt::eventId).containsExactly("evt_c", "evt_a");
        assertThat(store.deadLettered(route, 1)).extracting(LoggedAttempt::eventId).containsExactly("evt_c");
        EventStatesCheck.check(store, route);
    }

    /** The per-route summary of a search: latest outcome, tries counted without replay markers. */
    static final class EventStatesCheck {
        static void check(EventLogStore store, String route) {
            EventRecord b = store.find("evt_b").orElseThrow();
            List<EventSummary.RouteState> states = EventSummary.states(b.attempts().stream()
                    .filter(a -> a.route().equals(route)).toList());
            assertThat(states).hasSize(1);
            assertThat(states.get(0).outcome()).isEqualTo("replayed");
            assertThat(states.get(0).attempts()).isEqualTo(1);
            assertThat(states.get(0).lastStatus()).isEqualTo(500);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void theMigrationRunsOnceAndAgainHarmlessly(String kind) {
        EventLogStore first = store(kind);
        first.migrate();
        EventLogStore second = store(kind);
        second.migrate();
        assertThat(second.counts(Instant.EPOCH).webhooks()).isNotNull();
    }

    @Test
    void anUnreachableDatabaseFailsEachUseUntilItIsThere() {
        HikariDataSource down = new HikariDataSource();
        down.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
        down.setUsername("postgres");
        down.setConnectionTimeout(250);
        down.setInitializationFailTimeout(-1);
        try (down) {
            EventLogStore store = new EventLogStore(down, "postgresql", null,
                    () -> EventLogConfiguration.migratePostgres(down));
            assertThatThrownBy(store::migrate).isInstanceOf(EventLogException.class);
            assertThatThrownBy(() -> store.write(List.of(webhook("evt_x", "o", Instant.now())), List.of()))
                    .isInstanceOf(EventLogException.class);
            assertThatThrownBy(() -> store.search(new EventQuery(null, null, null, null, null, null, null, 10, null)))
                    .isInstanceOf(EventLogException.class);
        }
    }
}
