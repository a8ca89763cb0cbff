package dev.ponte.idempotency;

import dev.ponte.publish.BrokerUnavailableException;

import dev.ponte.support.TestBroker;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The default store: SQLite file under a folder, kept across a reopen, bounded by retention and size. */
class SqliteIdempotencyStoreTest {

    private static final Duration WAIT = Duration.ofMillis(50);
    private final Path dir = TestBroker.tempDir("sqlite-ids");

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        final AtomicLong millis = new AtomicLong(Instant.parse("2026-12-01T12:00:00Z").toEpochMilli());

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void aConfirmedIdIsADuplicateAfterTheStoreIsReopened() {
        TestClock clock = new TestClock();
        String id = "evt_0123456789abcdef0123456789abcdef";
        try (SqliteIdempotencyStore store = new SqliteIdempotencyStore(dir, Duration.ofHours(24), 1000, clock)) {
            IdempotencyStore.Claim first = store.claim(id, WAIT);
            assertThat(first.duplicate()).isFalse();
            first.release();
            IdempotencyStore.Claim retry = store.claim(id, WAIT);
            assertThat(retry.duplicate()).as("a failed publish can be retried").isFalse();
            retry.confirm();
            assertThat(store.claim(id, WAIT).duplicate()).isTrue();
            assertThat(store.inFlight()).isZero();
        }
        try (SqliteIdempotencyStore reopened = new SqliteIdempotencyStore(dir, Duration.ofHours(24), 1000, clock)) {
            assertThat(reopened.claim(id, WAIT).duplicate()).as("remembered across a restart").isTrue();
            assertThat(reopened.claim("evt_0123456789abcdef0123456789abcdee", WAIT).duplicate()).isFalse();
        }
    }

    @Test
    void anIdPastItsRetentionIsNewAgainAndThePurgeBoundsTheStore() {
        TestClock clock = new TestClock();
        try (SqliteIdempotencyStore store = new SqliteIdempotencyStore(dir, Duration.ofHours(1), 5, clock)) {
            store.claim("evt_old", WAIT).confirm();
            clock.millis.addAndGet(Duration.ofMinutes(61).toMillis());
            assertThat(store.claim("evt_old", WAIT).duplicate()).as("past the retention").isFalse();
            for (int i = 0; i < 8; i++) {
                store.claim("evt_new_" + i, WAIT).confirm();
                clock.millis.incrementAndGet();
            }
            assertThat(store.size()).isEqualTo(9);
            assertThat(store.purge()).as("the expired id and the 3 oldest beyond 5").isEqualTo(4);
            assertThat(store.size()).isEqualTo(5);
            assertThat(store.claim("evt_new_7", WAIT).duplicate()).isTrue();
            assertThat(store.claim("evt_new_0", WAIT).duplicate()).as("oldest forgotten first").isFalse();
        }
    }

    @Test
    void aConcurrentDuplicateWaitsForTheOneInFlight() throws Exception {
        try (SqliteIdempotencyStore store = new SqliteIdempotencyStore(dir, Duration.ofHours(24), 1000,
                Clock.systemUTC())) {
            String id = "evt_ffffffffffffffff0000000000000000";
            IdempotencyStore.Claim owner = store.claim(id, Duration.ofSeconds(1));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> waiters = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    waiters.add(pool.submit(() -> store.claim(id, Duration.ofSeconds(30)).duplicate()));
                }
                owner.confirm();
                for (Future<Boolean> waiter : waiters) {
                    assertThat(waiter.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
            String stuck = "evt_11111111111111111111111111111111";
            store.claim(stuck, Duration.ofSeconds(1));
            assertThatThrownBy(() -> store.claim(stuck, WAIT)).isInstanceOf(BrokerUnavailableException.class);
        }
    }

    @Test
    void itsConnectionKeepsALargePageCacheAndCheckpointsInSmallSteps() {
        try (SqliteIdempotencyStore store = new SqliteIdempotencyStore(dir, Duration.ofHours(24), 1000,
                Clock.systemUTC())) {
            assertThat(store.pragma("cache_size")).isEqualTo(-16_000);
            // larger checkpoints are bursts of copying that show in the webhooks' tail latency
            assertThat(store.pragma("wal_autocheckpoint")).isEqualTo(1000);
        }
    }

    @Test
    void aConfirmedIdIsADuplicateAtOnceAndInTheFileWithinTheFlushInterval() throws Exception {
        try (SqliteIdempotencyStore store = new SqliteIdempotencyStore(dir, Duration.ofHours(24), 1000,
                Clock.systemUTC())) {
            store.claim("evt_a", WAIT).confirm();
            assertThat(store.claim("evt_a", WAIT).duplicate()).as("remembered at once").isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> store.size() == 1);
        }
    }

    @Test
    void aFailingDiskCostsOnlyTheRestartAndIsSaidOnce() {
        SqliteIdempotencyStore store = new SqliteIdempotencyStore(dir, Duration.ofHours(24), 1000, Clock.systemUTC());
        store.close();
        IdempotencyStore.Claim claim = store.claim("evt_a", WAIT);
        claim.confirm();
        assertThat(store.inFlight()).as("the claim is not left held").isZero();
        assertThat(store.claim("evt_a", WAIT).duplicate()).as("still remembered in memory").isTrue();
        assertThat(store.flush()).as("not written").isEqualTo(1);
    }

    @Test
    void idsOfEveryShapeComeBackAfterAReopen() {
        List<String> ids = List.of("evt_0123456789abcdef0123456789abcdef", "evt_0123456789ABCDEF0123456789ABCDEF",
                "evt_short", "not-a-ponte-id");
        try (SqliteIdempotencyStore store = new SqliteIdempotencyStore(dir, Duration.ofHours(24), 1000,
                Clock.systemUTC())) {
            ids.forEach(id -> store.claim(id, WAIT).confirm());
        }
        try (SqliteIdempotencyStore reopened = new SqliteIdempotencyStore(dir, Duration.ofHours(24), 1000,
                Clock.systemUTC())) {
            ids.forEach(id -> assertThat(reopened.claim(id, WAIT).duplicate()).as(id).isTrue());
            assertThat(reopened.claim("evt_0123456789abcdef0123456789abcdee", WAIT).duplicate()).isFalse();
        }
    }
}
