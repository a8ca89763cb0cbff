package dev.ponte.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import dev.ponte.eventlog.EventLogStore;
import dev.ponte.eventlog.LoggedWebhook;
import dev.ponte.eventlog.WebhookRow;
import dev.ponte.idempotency.IdempotencyStore;
import dev.ponte.idempotency.MemoryIdempotencyStore;
import dev.ponte.support.TestBroker;
import dev.ponte.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the reconciliation counts as taken when the event log is on: an event whose webhook was accepted, answered
 * duplicate, spooled or parked; not one the log holds only as refused (Cakto then got a 5xx), nor one it does not
 * hold. In SQLite and PostgreSQL, the log's two stores. With the log off, the idempotency store answers.
 */
class EventLogReconcileTest {

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
        DataSource dataSource;
        if (kind.equals("postgresql")) {
            dataSource = postgres;
        } else {
            SQLiteDataSource sqlite = new SQLiteDataSource();
            sqlite.setUrl("jdbc:sqlite:" + TestBroker.tempDir("eventlog").resolve("events.db"));
            dataSource = sqlite;
        }
        return new EventLogStore(dataSource, kind, null, () -> Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/eventlog/" + kind).table("ponte_eventlog_history")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate());
    }

    private static WebhookRow webhook(String eventId, String outcome) {
        Instant at = Instant.now();
        return WebhookRow.of(new LoggedWebhook(0, eventId, outcome, null, "cakto", "order.paid", "order-1", null, "req", at, at,
                "127.0.0.1", "Cakto", 100, null));
    }

    private static String id() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anEventIsTakenWhenOneOfItsWebhooksWasAcceptedDuplicateSpooledOrParked(String kind) {
        EventLogStore store = store(kind);
        AcceptedEvents accepted = new EventLogAcceptedEvents(store);
        String acceptedId = id();
        String duplicateId = id();
        String spooledId = id();
        String parkedId = id();
        String refusedId = id();
        String retriedId = id();
        store.write(List.of(webhook(acceptedId, "accepted"), webhook(duplicateId, "duplicate"),
                webhook(spooledId, "spooled"), webhook(parkedId, "parked"),
                // answered 503 (broker down, spool full) and 500: Cakto got an error, the event is not Ponte's
                webhook(refusedId, "unavailable"), webhook(refusedId, "error"),
                // refused first, accepted on Cakto's retry
                webhook(retriedId, "unavailable"), webhook(retriedId, "accepted"),
                // a refused webhook without an event
                webhook(null, "unauthorized")), List.of());

        assertThat(accepted.accepted(acceptedId)).isTrue();
        assertThat(accepted.accepted(duplicateId)).isTrue();
        assertThat(accepted.accepted(spooledId)).as("on disk in the spool, published once the broker is back")
                .isTrue();
        assertThat(accepted.accepted(parkedId)).as("published to ponte.parked").isTrue();
        assertThat(accepted.accepted(retriedId)).isTrue();
        assertThat(accepted.accepted(refusedId)).isFalse();
        assertThat(accepted.accepted(id())).as("never reached Ponte").isFalse();
    }

    @Test
    void aLogThatCannotAnswerFailsTheRunInsteadOfGuessing() {
        SQLiteDataSource broken = new SQLiteDataSource();
        // a folder where the database file should be: every connection fails
        broken.setUrl("jdbc:sqlite:" + TestBroker.tempDir("eventlog-broken"));
        EventLogStore store = new EventLogStore(broken, "sqlite", null, () -> { });
        String eventId = id();
        assertThatThrownBy(() -> new EventLogAcceptedEvents(store).accepted(eventId))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the event log cannot tell whether " + eventId + " was accepted: ");
    }

    @Test
    void theEventLogAnswersWhileItIsOnTheIdempotencyStoreWhenItIsOff() {
        IdempotencyStore idempotency = new MemoryIdempotencyStore(Duration.ofHours(1), 1000);
        ReconcileConfiguration configuration = new ReconcileConfiguration();

        StaticListableBeanFactory withLog = new StaticListableBeanFactory();
        withLog.addBean("eventLogStore", store("sqlite"));
        assertThat(configuration.acceptedEvents(withLog.getBeanProvider(EventLogStore.class),
                idempotency)).isInstanceOf(EventLogAcceptedEvents.class);

        StaticListableBeanFactory withoutLog = new StaticListableBeanFactory();
        AcceptedEvents fallback = configuration.acceptedEvents(
                withoutLog.getBeanProvider(EventLogStore.class), idempotency);
        assertThat(fallback).isInstanceOf(IdempotencyAcceptedEvents.class);
        String eventId = id();
        assertThat(fallback.accepted(eventId)).isFalse();
        idempotency.claim(eventId, Duration.ZERO).confirm();
        assertThat(fallback.accepted(eventId)).isTrue();
    }
}
