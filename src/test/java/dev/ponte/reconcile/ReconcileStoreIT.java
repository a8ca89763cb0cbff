package dev.ponte.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import dev.ponte.support.TestDatabase;
import dev.ponte.idempotency.IdempotencyStore;
import dev.ponte.idempotency.JdbcIdempotencyStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.mock.env.MockEnvironment;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reconciliation's state in the real PostgreSQL (its own schema): Flyway tables, checkpoint, resend attempts,
 * purge, and the advisory lock that lets one instance at a time reconcile an account.
 */
class ReconcileStoreIT {

    private static String schema;
    private static ReconcileStore store;
    private static ReconcileStore otherInstance;
    private static HikariDataSource otherPool;

    @BeforeAll
    static void open() {
        schema = TestDatabase.createSchema();
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", TestDatabase.url(schema))
                .withProperty("spring.datasource.username", TestDatabase.USER);
        DataSourceProperties database = new DataSourceProperties();
        database.setUrl(TestDatabase.url(schema));
        database.setUsername(TestDatabase.USER);
        ReconcileProperties properties = new ReconcileProperties(true, Duration.ofMinutes(10), Duration.ofHours(24),
                Duration.ofMinutes(15), 2, 3, Duration.ofSeconds(30), Duration.ofHours(1), "unused");
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("dataSourceProperties", database);
        store = ReconcileConfiguration.store(environment, beans.getBeanProvider(DataSourceProperties.class), properties);
        // a second instance on the same database: migrating again is a no-op
        otherPool = TestDatabase.dataSource(schema);
        ReconcileConfiguration.migratePostgres(otherPool);
        otherInstance = new ReconcileStore("postgresql", otherPool, otherPool);
    }

    @AfterAll
    static void close() throws Exception {
        store.close();
        otherInstance.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void checkpointsAreKeptPerAccountAndSharedByTheInstances() {
        assertThat(store.dialect()).isEqualTo("postgresql");
        assertThat(store.checkpoint("pg-a")).isEmpty();
        Instant sentAt = Instant.parse("2026-11-30T10:05:00.123Z");
        store.saveCheckpoint("pg-a", sentAt, Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(otherInstance.checkpoint("pg-a")).contains(sentAt);
        otherInstance.saveCheckpoint("pg-a", sentAt.plusSeconds(60), Instant.parse("2026-11-30T12:10:00Z"));
        assertThat(store.checkpoint("pg-a")).contains(sentAt.plusSeconds(60));
        assertThat(store.checkpoint("pg-b")).isEmpty();
    }

    @Test
    void resendsAreCountedPerEventAndPurgedWhenOld() {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        assertThat(store.attempts("pg-c", "evt_1")).isZero();
        store.recordResend("pg-c", "evt_1", 1000, now);
        otherInstance.recordResend("pg-c", "evt_1", 1007, now.plusSeconds(600));
        store.recordResend("pg-c", "evt_2", 1001, now.minus(Duration.ofDays(2)));
        assertThat(store.attempts("pg-c", "evt_1")).isEqualTo(2);
        assertThat(store.attempts("pg-d", "evt_1")).isZero();
        assertThat(store.purge(now.minus(Duration.ofDays(1)))).isEqualTo(1);
        assertThat(store.attempts("pg-c", "evt_2")).isZero();
        assertThat(store.attempts("pg-c", "evt_1")).isEqualTo(2);
    }

    @Test
    void acceptedEventsAreReadFromTheSharedIdempotencyStoreWithoutLeavingAClaim() throws Exception {
        Flyway.configure().dataSource(otherPool).locations("classpath:db/migration").table("ponte_schema_history")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        JdbcIdempotencyStore idempotency = new JdbcIdempotencyStore(otherPool, Duration.ofHours(24),
                Duration.ofSeconds(30));
        AcceptedEvents accepted = new IdempotencyAcceptedEvents(idempotency);
        String published = "evt_" + "1".repeat(32);
        String unknown = "evt_" + "2".repeat(32);
        String inFlight = "evt_" + "3".repeat(32);
        idempotency.claim(published, Duration.ZERO).confirm();
        assertThat(accepted.accepted(published)).isTrue();
        assertThat(accepted.accepted(unknown)).isFalse();
        try (Connection connection = otherPool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM ponte_event_ids WHERE event_id = '"
                     + unknown + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("claim released").isZero();
        }
        // a publish of it under way elsewhere: not known yet either way, so the run fails and is tried later
        IdempotencyStore.Claim claim = idempotency.claim(inFlight, Duration.ZERO);
        assertThatThrownBy(() -> accepted.accepted(inFlight)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(inFlight);
        claim.release();
        assertThat(accepted.accepted(inFlight)).isFalse();
    }

    @Test
    void oneInstanceAtATimeReconcilesAnAccount() throws Exception {
        Optional<AutoCloseable> first = store.tryLock("pg-e");
        assertThat(first).isPresent();
        assertThat(otherInstance.tryLock("pg-e")).isEmpty();
        Optional<AutoCloseable> otherAccount = otherInstance.tryLock("pg-f");
        assertThat(otherAccount).isPresent();
        first.get().close();
        Optional<AutoCloseable> second = otherInstance.tryLock("pg-e");
        assertThat(second).isPresent();
        second.get().close();
        otherAccount.get().close();
    }
}
