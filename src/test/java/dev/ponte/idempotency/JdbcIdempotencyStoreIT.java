package dev.ponte.idempotency;

import dev.ponte.publish.BrokerUnavailableException;

import com.zaxxer.hikari.HikariDataSource;
import dev.ponte.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JDBC store against the local PostgreSQL, as two instances would use it: two stores, each with its own
 * pool, on one schema. Contended cases start their threads together at a barrier.
 */
class JdbcIdempotencyStoreIT {

    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static String schema;
    private static HikariDataSource poolA;
    private static HikariDataSource poolB;
    private static JdbcIdempotencyStore instanceA;
    private static JdbcIdempotencyStore instanceB;
    private static JdbcTemplate sql;
    private static ExecutorService threads;

    @BeforeAll
    static void createSchema() {
        schema = TestDatabase.createSchema();
        poolA = TestDatabase.dataSource(schema);
        poolB = TestDatabase.dataSource(schema);
        JdbcIdempotencyConfiguration.migrate(poolA);
        instanceA = new JdbcIdempotencyStore(poolA, RETENTION, CLAIM_TIMEOUT);
        instanceB = new JdbcIdempotencyStore(poolB, RETENTION, CLAIM_TIMEOUT);
        sql = new JdbcTemplate(poolA);
        threads = Executors.newFixedThreadPool(32);
    }

    @AfterAll
    static void dropSchema() {
        threads.shutdownNow();
        poolA.close();
        poolB.close();
        TestDatabase.dropSchema(schema);
    }

    private static String newId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Runs the tasks at once (a barrier) and returns their results in order. */
    private static <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(threads.submit(() -> {
                start.await(5, TimeUnit.SECONDS);
                return task.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(20, TimeUnit.SECONDS));
        }
        return results;
    }

    private static JdbcIdempotencyStore instance(int i) {
        return i % 2 == 0 ? instanceA : instanceB;
    }

    @Test
    void aNewIdIsClaimedAndADuplicateOnceConfirmed() {
        String id = newId();
        IdempotencyStore.Claim first = instanceA.claim(id, WAIT);
        assertThat(first.duplicate()).isFalse();
        first.confirm();
        assertThat(instanceA.claim(id, WAIT).duplicate()).isTrue();
        assertThat(instanceB.claim(id, WAIT).duplicate()).as("on the other instance").isTrue();
    }

    @Test
    void ofManyConcurrentClaimsOnTwoInstancesExactlyOneIsNewAndTheOthersDuplicatesAfterItsConfirm() throws Exception {
        for (int round = 0; round < 10; round++) {
            String id = newId();
            List<Callable<String>> claims = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                JdbcIdempotencyStore store = instance(i);
                claims.add(() -> {
                    IdempotencyStore.Claim claim = store.claim(id, WAIT);
                    if (claim.duplicate()) {
                        return "duplicate";
                    }
                    Thread.sleep(50); // the publish
                    claim.confirm();
                    return "new";
                });
            }
            List<String> outcomes = together(claims);
            assertThat(outcomes).as("round %d", round).filteredOn("new"::equals).hasSize(1);
            assertThat(outcomes).filteredOn("duplicate"::equals).hasSize(31);
        }
    }

    @Test
    void aReleasedClaimIsTakenByExactlyOneWaiter() throws Exception {
        String id = newId();
        IdempotencyStore.Claim failing = instanceA.claim(id, WAIT);
        assertThat(failing.duplicate()).isFalse();
        CountDownLatch waiting = new CountDownLatch(16);
        List<Future<String>> waiters = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            JdbcIdempotencyStore store = instance(i);
            waiters.add(threads.submit(() -> {
                waiting.countDown();
                IdempotencyStore.Claim claim = store.claim(id, WAIT);
                if (claim.duplicate()) {
                    return "duplicate";
                }
                Thread.sleep(50);
                claim.confirm();
                return "new";
            }));
        }
        waiting.await(5, TimeUnit.SECONDS);
        Thread.sleep(200); // every waiter is polling the claim in flight
        failing.release();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> waiter : waiters) {
            outcomes.add(waiter.get(10, TimeUnit.SECONDS));
        }
        assertThat(outcomes).filteredOn("new"::equals).hasSize(1);
        assertThat(outcomes).filteredOn("duplicate"::equals).hasSize(15);
    }

    @Test
    void aDeliveryWaitingLongerThanItsWaitForTheClaimInFlightIsUnavailable() {
        String id = newId();
        IdempotencyStore.Claim inFlight = instanceA.claim(id, WAIT);
        long started = System.nanoTime();
        assertThatThrownBy(() -> instanceB.claim(id, Duration.ofMillis(300)))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("still being published");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300),
                Duration.ofSeconds(4));
        inFlight.confirm();
        assertThat(instanceB.claim(id, Duration.ZERO).duplicate()).isTrue();
    }

    @Test
    void aClaimAbandonedLongerThanTheClaimTimeoutIsTakenOverByExactlyOneDelivery() throws Exception {
        JdbcIdempotencyStore quickA = new JdbcIdempotencyStore(poolA, RETENTION, Duration.ofMillis(500));
        JdbcIdempotencyStore quickB = new JdbcIdempotencyStore(poolB, RETENTION, Duration.ofMillis(500));
        String id = newId();
        long crashedAt = System.nanoTime();
        IdempotencyStore.Claim crashed = quickA.claim(id, WAIT); // its instance dies: never confirmed nor released
        List<Callable<String>> deliveries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            JdbcIdempotencyStore store = i % 2 == 0 ? quickA : quickB;
            deliveries.add(() -> {
                IdempotencyStore.Claim claim = store.claim(id, WAIT);
                if (claim.duplicate()) {
                    return "duplicate";
                }
                assertThat(Duration.ofNanos(System.nanoTime() - crashedAt)).as("taken over after the claim timeout")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(500));
                Thread.sleep(50);
                claim.confirm();
                return "new";
            });
        }
        List<String> outcomes = together(deliveries);
        assertThat(outcomes).filteredOn("new"::equals).hasSize(1);
        assertThat(outcomes).filteredOn("duplicate"::equals).hasSize(15);
        crashed.release(); // comes back late: the published id stays remembered
        assertThat(quickB.claim(id, Duration.ZERO).duplicate()).isTrue();
    }

    @Test
    void theStaleOwnersLateReleaseLeavesTheNewClaimAndItsLateConfirmCounts() {
        JdbcIdempotencyStore quick = new JdbcIdempotencyStore(poolA, RETENTION, Duration.ofMillis(200));
        String released = newId();
        IdempotencyStore.Claim slow = quick.claim(released, WAIT);
        IdempotencyStore.Claim takeover = quick.claim(released, WAIT);
        assertThat(takeover.duplicate()).isFalse();
        slow.release();
        assertThatThrownBy(() -> instanceB.claim(released, Duration.ofMillis(100)))
                .as("the new claim is still in flight").isInstanceOf(BrokerUnavailableException.class);
        takeover.confirm();
        assertThat(instanceB.claim(released, Duration.ZERO).duplicate()).isTrue();

        String confirmed = newId();
        IdempotencyStore.Claim late = quick.claim(confirmed, WAIT);
        IdempotencyStore.Claim second = quick.claim(confirmed, WAIT);
        assertThat(second.duplicate()).isFalse();
        late.confirm(); // published after all: waiters now see a duplicate
        assertThat(instanceB.claim(confirmed, Duration.ZERO).duplicate()).isTrue();
        second.release(); // the second publish failed: the id stays published
        assertThat(instanceB.claim(confirmed, Duration.ZERO).duplicate()).isTrue();
    }

    @Test
    void anIdPastItsRetentionIsNewAgainBeforeAnyPurge() {
        String id = newId();
        instanceA.claim(id, WAIT).confirm();
        sql.update("UPDATE ponte_event_ids SET confirmed_at = now() - interval '25 hours' WHERE event_id = ?", id);
        IdempotencyStore.Claim again = instanceB.claim(id, WAIT);
        assertThat(again.duplicate()).isFalse();
        again.confirm();
        assertThat(instanceA.claim(id, WAIT).duplicate()).isTrue();
    }

    @Test
    void aConfirmAfterThePurgeDeletedTheClaimStillRemembersTheId() {
        String id = newId();
        IdempotencyStore.Claim claim = instanceA.claim(id, WAIT);
        sql.update("DELETE FROM ponte_event_ids WHERE event_id = ?", id);
        claim.confirm();
        assertThat(instanceB.claim(id, Duration.ZERO).duplicate()).isTrue();
    }

    @Test
    void thePurgeDeletesIdsPastTheirRetentionAndAbandonedClaimsOnly() {
        String fresh = newId();
        String expired = newId();
        String inFlight = newId();
        String abandoned = newId();
        instanceA.claim(fresh, WAIT).confirm();
        instanceA.claim(expired, WAIT).confirm();
        instanceA.claim(inFlight, WAIT);
        instanceA.claim(abandoned, WAIT);
        sql.update("UPDATE ponte_event_ids SET confirmed_at = now() - interval '25 hours' WHERE event_id = ?", expired);
        sql.update("UPDATE ponte_event_ids SET claimed_at = now() - interval '31 seconds' WHERE event_id = ?",
                abandoned);
        // more than one batch of expired ids
        sql.update("""
                INSERT INTO ponte_event_ids (event_id, claim_token, claimed_at, confirmed_at)
                SELECT 'old_' || n || '_' || ?, gen_random_uuid(), now() - interval '2 days',
                       now() - interval '2 days'
                FROM generate_series(1, ?) AS n""", fresh, JdbcIdempotencyStore.PURGE_BATCH + 7);

        assertThat(instanceB.purge()).isGreaterThanOrEqualTo(JdbcIdempotencyStore.PURGE_BATCH + 9);

        assertThat(sql.queryForList("SELECT event_id FROM ponte_event_ids WHERE event_id IN (?, ?, ?, ?)",
                String.class, fresh, expired, inFlight, abandoned)).containsExactlyInAnyOrder(fresh, inFlight);
        assertThat(sql.queryForObject("SELECT count(*) FROM ponte_event_ids WHERE event_id LIKE 'old_%'",
                Integer.class)).isZero();
    }

    @Test
    void thePurgeRunsOnItsInterval() throws Exception {
        String expired = newId();
        instanceA.claim(expired, WAIT).confirm();
        sql.update("UPDATE ponte_event_ids SET confirmed_at = now() - interval '25 hours' WHERE event_id = ?", expired);
        IdempotencyPurge purge = new IdempotencyPurge(instanceA::purge, Duration.ofMillis(100));
        purge.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (sql.queryForObject("SELECT count(*) FROM ponte_event_ids WHERE event_id = ?", Integer.class,
                    expired) > 0) {
                assertThat(System.nanoTime()).as("purged within 5 s").isLessThan(deadline);
                Thread.sleep(50);
            }
        } finally {
            purge.stop();
        }
        assertThat(purge.isRunning()).isFalse();
    }

    @Test
    void anUnreachableDatabaseMakesTheStoreUnavailable() {
        HikariDataSource down = new HikariDataSource();
        down.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/test");
        down.setUsername(TestDatabase.USER);
        down.setConnectionTimeout(500);
        down.setInitializationFailTimeout(-1);
        try (down) {
            JdbcIdempotencyStore store = new JdbcIdempotencyStore(down, RETENTION, CLAIM_TIMEOUT);
            assertThatThrownBy(() -> store.claim(newId(), WAIT))
                    .isInstanceOf(IdempotencyUnavailableException.class)
                    .hasMessageStartingWith("idempotency database unavailable");
        }
    }

    @Test
    void migratingAgainChangesNothingAndASchemaSharedWithAnotherApplicationIsMigratedToo() {
        JdbcIdempotencyConfiguration.migrate(poolB);
        String shared = TestDatabase.createSchema();
        try (HikariDataSource pool = TestDatabase.dataSource(shared)) {
            JdbcTemplate other = new JdbcTemplate(pool);
            other.execute("CREATE TABLE orders (id int PRIMARY KEY)");
            JdbcIdempotencyConfiguration.migrate(pool);
            assertThat(other.queryForList("SELECT version FROM " + JdbcIdempotencyConfiguration.SCHEMA_HISTORY
                    + " ORDER BY installed_rank", String.class)).containsExactly("0", "1");
            assertThat(other.queryForObject("SELECT count(*) FROM ponte_event_ids", Integer.class)).isZero();
        } finally {
            TestDatabase.dropSchema(shared);
        }
    }
}
