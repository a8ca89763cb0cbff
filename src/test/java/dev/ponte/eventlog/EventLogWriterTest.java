package dev.ponte.eventlog;

import dev.ponte.delivery.DeliveryAttempt;
import dev.ponte.http.WebhookOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The writer never holds a webhook: a full queue drops rows and counts them; a refusing database too. */
class EventLogWriterTest {

    /** A store whose writes wait until released, or always fail. */
    static final class ScriptedStore extends EventLogStore {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch writing = new CountDownLatch(1);
        final List<LoggedWebhook> webhooks = new CopyOnWriteArrayList<>();
        final List<LoggedAttempt> attempts = new CopyOnWriteArrayList<>();
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final boolean failing;
        volatile int calls;

        ScriptedStore(boolean failing) {
            super(null, "test", null, () -> { });
            this.failing = failing;
        }

        @Override
        public void write(List<WebhookRow> w, List<LoggedAttempt> a) {
            calls++;
            if (failing) {
                throw new EventLogException("database refuses", new java.sql.SQLException("refused"));
            }
            writing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            w.forEach(row -> webhooks.add(row.webhook()));
            batches.add(w.size() + a.size());
            attempts.addAll(a);
        }
    }

    private static WebhookOutcome outcome(int i) {
        Instant now = Instant.now();
        return new WebhookOutcome("unauthorized", "cakto", "bad secret", null, "req-" + i, now, now, "127.0.0.1",
                "ua", 10);
    }

    @Test
    void aFullQueueDropsRowsAtOnceAndCountsThem() throws Exception {
        ScriptedStore store = new ScriptedStore(false);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventLogWriter writer = new EventLogWriter(store, new EventLogProperties.Log(true, 2, org.springframework.util.unit.DataSize.ofMegabytes(32), 1, Duration.ZERO), registry,
                Clock.systemUTC());
        writer.start();
        try {
            writer.onOutcome(outcome(0));
            assertThat(store.writing.await(10, TimeUnit.SECONDS)).isTrue();
            // the writer is stuck in the database: two rows fit in the queue, the next three are dropped
            long started = System.nanoTime();
            for (int i = 1; i <= 5; i++) {
                writer.onOutcome(outcome(i));
            }
            writer.onAttempt(new DeliveryAttempt("http-forward", "evt_1", 1, DeliveryAttempt.Outcome.DELIVERED, 200,
                    null, Instant.now(), Duration.ofMillis(3)));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("offers never wait")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(registry.get("ponte.eventlog.dropped").tag("reason", "queue_full").counter().count())
                    .isEqualTo(4);
            assertThat(writer.pending()).isEqualTo(2);
            store.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> store.webhooks.size() == 3);
            assertThat(store.webhooks).extracting(LoggedWebhook::requestId).containsExactly("req-0", "req-1", "req-2");
            assertThat(store.attempts).isEmpty();
        } finally {
            writer.stop();
        }
    }

    @Test
    void aBatchTheDatabaseRefusesThreeTimesIsDroppedAndCounted() {
        ScriptedStore store = new ScriptedStore(true);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventLogWriter writer = new EventLogWriter(store, new EventLogProperties.Log(true, 100, org.springframework.util.unit.DataSize.ofMegabytes(32), 100, Duration.ZERO), registry,
                Clock.systemUTC());
        writer.start();
        try {
            writer.onOutcome(outcome(1));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    registry.get("ponte.eventlog.dropped").tag("reason", "write_failed").counter().count() == 1);
            assertThat(store.calls).isEqualTo(3);
            // the writer goes on with the next rows
            writer.onOutcome(outcome(2));
            await().atMost(Duration.ofSeconds(20)).until(() -> store.calls == 6);
        } finally {
            writer.stop();
        }
    }

    @Test
    void theMemoryOfWaitingRowsIsBoundedToo() throws Exception {
        ScriptedStore store = new ScriptedStore(false);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventLogWriter writer = new EventLogWriter(store, new EventLogProperties.Log(true, 1000,
                org.springframework.util.unit.DataSize.ofKilobytes(1536), 1, Duration.ZERO), registry, Clock.systemUTC());
        writer.start();
        try {
            writer.onOutcome(outcome(0));
            assertThat(store.writing.await(10, TimeUnit.SECONDS)).isTrue();
            dev.ponte.event.UnifiedEvent event = new dev.ponte.event.UnifiedEvent("evt_big", "order.paid", "cakto",
                    "purchase_approved", null, Instant.now(), false, null, null, null, null, null);
            Instant now = Instant.now();
            // events of 1 MiB of JSON count 1 MiB each: one fits under 1.5 MB, the second does not; small rows still do
            byte[] big = ("\"" + "x".repeat(1 << 20) + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            writer.onOutcome(new WebhookOutcome("accepted", "cakto", null, event, "req-big-1", now, now, null, null, 262_144, big));
            writer.onOutcome(new WebhookOutcome("accepted", "cakto", null, event, "req-big-2", now, now, null, null, 262_144, big));
            writer.onOutcome(outcome(9));
            assertThat(registry.get("ponte.eventlog.dropped").tag("reason", "queue_full").counter().count()).isEqualTo(1);
            store.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> store.webhooks.size() == 3);
            assertThat(store.webhooks).extracting(LoggedWebhook::requestId).containsExactly("req-0", "req-big-1", "req-9");
            // room again once written
            writer.onOutcome(new WebhookOutcome("accepted", "cakto", null, event, "req-big-3", now, now, null, null, 262_144, big));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.webhooks.size() == 4);
        } finally {
            writer.stop();
        }
    }

    @Test
    void aDatabaseFailureIsDescribedWithoutTheDriversMessage() {
        var failure = new EventLogException("event log write failed", new java.sql.BatchUpdateException(
                "Batch entry 0 INSERT INTO ponte_webhook_log VALUES ('mariana@exemplo.com.br') was aborted", "23502",
                new int[0]));
        assertThat(EventLogException.describe(failure)).isEqualTo("BatchUpdateException (SQL state 23502)");
        assertThat(EventLogException.describe(new EventLogException("x", new java.net.ConnectException("refused"))))
                .isEqualTo("ConnectException");
    }

    @Test
    void stoppingWritesWhatIsStillQueued() {
        ScriptedStore store = new ScriptedStore(false);
        store.release.countDown();
        EventLogWriter writer = new EventLogWriter(store, new EventLogProperties.Log(true, 100, org.springframework.util.unit.DataSize.ofMegabytes(32), 10, Duration.ZERO),
                new SimpleMeterRegistry(), Clock.systemUTC());
        writer.start();
        for (int i = 0; i < 25; i++) {
            writer.onOutcome(outcome(i));
        }
        writer.stop();
        assertThat(store.webhooks).hasSize(25);
        assertThat(writer.isRunning()).isFalse();
    }

    @Test
    void rowsArrivingWithinTheFlushIntervalAreWrittenInOneTransaction() throws Exception {
        ScriptedStore store = new ScriptedStore(false);
        store.release.countDown();
        EventLogWriter writer = new EventLogWriter(store, new EventLogProperties.Log(true, 100,
                org.springframework.util.unit.DataSize.ofMegabytes(32), 100, Duration.ofSeconds(2)),
                new SimpleMeterRegistry(), Clock.systemUTC());
        writer.start();
        try {
            for (int i = 0; i < 5; i++) {
                writer.onOutcome(outcome(i));
                Thread.sleep(20);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> store.webhooks.size() == 5);
            assertThat(store.batches).containsExactly(5);
        } finally {
            writer.stop();
        }
    }

    @Test
    void aFullBatchIsWrittenWithoutWaitingForTheFlushInterval() {
        ScriptedStore store = new ScriptedStore(false);
        store.release.countDown();
        EventLogWriter writer = new EventLogWriter(store, new EventLogProperties.Log(true, 100,
                org.springframework.util.unit.DataSize.ofMegabytes(32), 3, Duration.ofSeconds(10)),
                new SimpleMeterRegistry(), Clock.systemUTC());
        writer.start();
        try {
            for (int i = 0; i < 3; i++) {
                writer.onOutcome(outcome(i));
            }
            // well within the 10 s interval: a full batch does not wait for it
            await().atMost(Duration.ofSeconds(5)).until(() -> store.webhooks.size() == 3);
        } finally {
            writer.stop();
        }
    }
}
