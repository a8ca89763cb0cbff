package dev.ponte.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.idempotency.IdempotencyStore;
import dev.ponte.idempotency.MemoryIdempotencyStore;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.provider.cakto.CaktoProvider;
import dev.ponte.provider.cakto.api.CaktoApiClient;
import dev.ponte.support.FakeCaktoApi;
import dev.ponte.support.Fixtures;
import dev.ponte.support.MutableClock;
import dev.ponte.support.PonteIntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reconciliation of one Cakto account against a fake Cakto API over real HTTP, with the real SQLite store and
 * the real memory idempotency store as the accepted events: what is resent, how often, the checkpoint, back-off.
 */
class ReconciliationTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final String OTHER_SECRET = "9d1c7a52-0e4b-4f3a-8c6d-1b2a3c4d5e6f";

    @TempDir
    Path dir;

    private final FakeCaktoApi cakto = new FakeCaktoApi();
    private final MutableClock clock = new MutableClock(T0);
    private final MemoryIdempotencyStore idempotency = new MemoryIdempotencyStore(Duration.ofHours(24), 1000);
    private final CaktoProvider provider = new CaktoProvider(new ProviderSettings(
            List.of(PonteIntegrationTest.CAKTO_SECRET), null, null));
    private final PayloadIdentity identity = new PayloadIdentity(provider);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ReconcileProperties properties = new ReconcileProperties(true, Duration.ofMinutes(10),
            Duration.ofHours(24), Duration.ofMinutes(15), 1000, 3, Duration.ofSeconds(30), Duration.ofHours(1),
            "unused");
    private final String closedTarget = closedUrl();
    private ReconcileStore store;

    @AfterEach
    void stop() throws Exception {
        cakto.close();
        if (store != null) {
            store.close();
        }
    }

    private static String closedUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/webhooks/cakto";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ReconcileStore store() {
        if (store == null) {
            ReconcileProperties sqlite = new ReconcileProperties(true, Duration.ofMinutes(10), Duration.ofHours(24),
                    Duration.ofMinutes(15), 1000, 3, Duration.ofSeconds(30), Duration.ofHours(1), dir.toString());
            store = ReconcileConfiguration.store(new MockEnvironment(), null, sqlite);
        }
        return store;
    }

    private AccountReconciler reconciler(String clientSecret, int pageSize) {
        CaktoApiClient client = new CaktoApiClient("main", "ponte.providers.cakto.api.accounts[0]", cakto.baseUrl(),
                FakeCaktoApi.CLIENT_ID, clientSecret, Duration.ofSeconds(5),
                CaktoApiClient.httpClient(Duration.ofSeconds(5)), clock);
        return new AccountReconciler("main", client, identity, new IdempotencyAcceptedEvents(idempotency), store(),
                properties, pageSize, new ResendThrottle(properties.resendsPerSecond()), clock, registry);
    }

    private Reconciliation reconciliation(String clientSecret) {
        return new Reconciliation(List.of(reconciler(clientSecret, 100)), store(), properties, clock);
    }

    private static ObjectNode payload(String fixture) {
        return FakeCaktoApi.payload(Fixtures.bytes("cakto", fixture));
    }

    private long record(String fixture, Integer status, Duration ago) {
        ObjectNode payload = payload(fixture);
        return cakto.record(payload.path("event").asText(), status, T0.minus(ago), payload, closedTarget);
    }

    /** As the ingress does once the broker confirmed the event. */
    private void accept(String fixture) {
        IdempotencyStore.Claim claim = idempotency.claim(identity.eventId(payload(fixture)), Duration.ZERO);
        if (!claim.duplicate()) {
            claim.confirm();
        }
    }

    private double counter(String name) {
        return registry.get(name).tag("account", "main").counter().count();
    }

    @Test
    void exactlyTheFailedDeliveriesAreResentOnceAcrossAPageBreak() {
        cakto.clock = clock;
        long failed = record("purchase_approved.json", 500, Duration.ofMinutes(50));
        long unanswered = record("pix_gerado.json", null, Duration.ofMinutes(40));
        record("refund.json", 200, Duration.ofMinutes(30));
        accept("refund.json");
        ObjectNode elsewhere = payload("chargeback.json");
        elsewhere.put("secret", OTHER_SECRET);
        cakto.record("chargeback", 500, T0.minus(Duration.ofMinutes(25)), elsewhere, "https://other.example/hook");
        // Cakto's own retry of the 500: the same payload again, a later record
        long retried = record("purchase_approved.json", 503, Duration.ofMinutes(20));

        AccountReconciler reconciler = reconciler(FakeCaktoApi.CLIENT_SECRET, 2);
        RunReport dry = reconciler.run(true);
        assertThat(dry.examined()).isEqualTo(5);
        assertThat(dry.deliveries()).extracting(RunReport.Delivery::recordId).containsExactly(retried, unanswered);
        assertThat(dry.deliveries()).extracting(RunReport.Delivery::resent).containsOnly(false);
        assertThat(cakto.resends).isEmpty();
        assertThat(cakto.historyQueries).hasSize(3);

        RunReport run = reconciler.run(false);
        assertThat(run.found()).isEqualTo(2);
        assertThat(run.resent()).isEqualTo(2);
        assertThat(cakto.resends).containsExactly(retried, unanswered);
        assertThat(run.deliveries()).extracting(RunReport.Delivery::reason).containsExactly("server_error", "no_answer");
        assertThat(run.deliveries()).extracting(RunReport.Delivery::eventId).containsExactly(
                identity.eventId(payload("purchase_approved.json")), identity.eventId(payload("pix_gerado.json")));
        assertThat(counter("ponte.reconcile.found")).isEqualTo(2);
        assertThat(counter("ponte.reconcile.resent")).isEqualTo(2);
        assertThat(failed).isLessThan(retried);

        // Ponte took both resends: the next window resends nothing
        accept("purchase_approved.json");
        accept("pix_gerado.json");
        clock.advance(Duration.ofMinutes(10));
        RunReport next = reconciler.run(false);
        assertThat(next.found()).isZero();
        assertThat(cakto.resends).hasSize(2);
    }

    @Test
    void anEventStillMissingIsCheckedAgainAndGivenUpAfterMaxAttempts() {
        cakto.clock = clock;
        long failed = record("purchase_approved.json", 500, Duration.ofHours(2));
        AccountReconciler reconciler = reconciler(FakeCaktoApi.CLIENT_SECRET, 100);
        for (int attempt = 1; attempt <= 3; attempt++) {
            RunReport run = reconciler.run(false);
            assertThat(run.resent()).as("run %d", attempt).isEqualTo(1);
            clock.advance(Duration.ofMinutes(10));
        }
        // its own resends failed too (Ponte unreachable): the checkpoint stayed at its latest delivery, so the next
        // run read it again although the history had moved on
        assertThat(cakto.historyQueries.get(1)).containsEntry("sentAt__gte", "2026-11-30T09:45:00.000000+00:00");
        assertThat(cakto.historyQueries.get(2)).containsEntry("sentAt__gte", "2026-11-30T11:45:00.000000+00:00");
        RunReport fourth = reconciler.run(false);
        assertThat(fourth.resent()).isZero();
        assertThat(fourth.gaveUp()).isEqualTo(1);
        // the first resend is of the failed record, the next ones of the latest delivery of the same event
        assertThat(cakto.resends).hasSize(3).doesNotHaveDuplicates().first().isEqualTo(failed);
    }

    @Test
    void aRecordCaktoNoLongerHasIsSkippedWithoutStoppingTheRun() {
        long vanished = record("purchase_approved.json", 500, Duration.ofMinutes(30));
        long unanswered = record("pix_gerado.json", null, Duration.ofMinutes(20));
        cakto.gone.add(vanished);
        RunReport run = reconciler(FakeCaktoApi.CLIENT_SECRET, 100).run(false);
        assertThat(run.error()).isNull();
        assertThat(cakto.resends).containsExactly(unanswered);
        assertThat(run.resent()).isEqualTo(1);
        assertThat(run.deliveries()).extracting(RunReport.Delivery::resent).containsExactly(false, true);
        assertThat(store.attempts("main", identity.eventId(payload("purchase_approved.json")))).isEqualTo(1);
    }

    @Test
    void aPayloadWithoutEventIdFollowsTheStatuses() {
        cakto.clock = clock;
        ObjectNode parked = payload("purchase_approved.json");
        parked.put("event", "initiate_checkout");
        ObjectNode delivered = parked.deepCopy();
        delivered.put("event", "trial");
        assertThat(identity.eventId(parked)).isNull();
        long failed = cakto.record("initiate_checkout", 502, T0.minus(Duration.ofMinutes(30)), parked, closedTarget);
        cakto.record("trial", 200, T0.minus(Duration.ofMinutes(30)), delivered, closedTarget);
        cakto.record("trial", 400, T0.minus(Duration.ofMinutes(29)), delivered, closedTarget);
        AccountReconciler reconciler = reconciler(FakeCaktoApi.CLIENT_SECRET, 100);
        RunReport run = reconciler.run(false);
        assertThat(cakto.resends).containsExactly(failed);
        assertThat(run.deliveries().get(0).eventId()).isNull();
        // the resend reached Ponte this time
        cakto.record("initiate_checkout", 202, T0.plus(Duration.ofSeconds(1)), parked, closedTarget);
        clock.advance(Duration.ofMinutes(10));
        assertThat(reconciler.run(false).found()).isZero();
        assertThat(cakto.resends).hasSize(1);
    }

    @Test
    void theCheckpointSurvivesARestart() throws Exception {
        record("refund.json", 200, Duration.ofHours(3));
        accept("refund.json");
        reconciler(FakeCaktoApi.CLIENT_SECRET, 100).run(false);
        assertThat(cakto.historyQueries.get(0)).containsEntry("sentAt__gte", "2026-11-29T11:45:00.000000+00:00")
                .containsEntry("ordering", "sentAt").containsEntry("limit", "100");
        store.close();
        store = null;
        clock.advance(Duration.ofMinutes(10));
        reconciler(FakeCaktoApi.CLIENT_SECRET, 100).run(false);
        // checkpoint = the run's time less the overlap (nothing newer was seen); read again from 15 minutes before
        assertThat(cakto.historyQueries.get(1)).containsEntry("sentAt__gte", "2026-11-30T11:30:00.000000+00:00");
        // a dry run moves nothing: both read from the second run's checkpoint (12:10 less the overlap) on
        clock.advance(Duration.ofHours(1));
        reconciler(FakeCaktoApi.CLIENT_SECRET, 100).run(true);
        reconciler(FakeCaktoApi.CLIENT_SECRET, 100).run(true);
        assertThat(cakto.historyQueries.get(2)).containsEntry("sentAt__gte", "2026-11-30T11:40:00.000000+00:00");
        assertThat(cakto.historyQueries.get(3)).containsEntry("sentAt__gte", "2026-11-30T11:40:00.000000+00:00");
    }

    @Test
    void anApiDownIsTriedLaterWithGrowingWaitsThenReconciled() {
        long failed = record("purchase_approved.json", 500, Duration.ofMinutes(5));
        Reconciliation reconciliation = reconciliation(FakeCaktoApi.CLIENT_SECRET);
        cakto.down = true;
        reconciliation.runDue();
        assertThat(cakto.requests).hasValue(0);
        clock.advance(Reconciliation.FIRST_RUN);
        reconciliation.runDue();
        assertThat(cakto.requests).hasValue(1);
        assertThat(reconciliation.nextRunAt("main")).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(health(reconciliation)).containsEntry("consecutiveFailures", 1);
        assertThat((String) health(reconciliation).get("lastError")).contains("HTTP 503");

        clock.advance(Duration.ofSeconds(29));
        reconciliation.runDue();
        assertThat(cakto.requests).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        reconciliation.runDue();
        assertThat(cakto.requests).hasValue(2);
        assertThat(reconciliation.nextRunAt("main")).isEqualTo(clock.instant().plusSeconds(60));

        cakto.down = false;
        clock.advance(Duration.ofSeconds(60));
        reconciliation.runDue();
        assertThat(cakto.resends).containsExactly(failed);
        assertThat(reconciliation.nextRunAt("main")).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        Map<String, Object> state = health(reconciliation);
        assertThat(state).containsEntry("lastSuccess", clock.instant()).containsEntry("consecutiveFailures", 0)
                .containsEntry("lastError", null);
    }

    @Test
    void backOffDoublesUpToItsCap() {
        Reconciliation reconciliation = reconciliation(FakeCaktoApi.CLIENT_SECRET);
        assertThat(reconciliation.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(reconciliation.backoff(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(reconciliation.backoff(7)).isEqualTo(Duration.ofMinutes(32));
        assertThat(reconciliation.backoff(8)).isEqualTo(Duration.ofHours(1));
        assertThat(reconciliation.backoff(500)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badCredentialsAreAClearErrorAndNoLoop() {
        record("purchase_approved.json", 500, Duration.ofMinutes(5));
        Reconciliation reconciliation = reconciliation("not-the-secret-4e5f6a7b8c9d");
        clock.advance(Reconciliation.FIRST_RUN);
        reconciliation.runDue();
        assertThat(cakto.tokenRequests).hasSize(1);
        Map<String, Object> state = health(reconciliation);
        assertThat((String) state.get("lastError")).contains("refused the API credentials of account main")
                .contains("ponte.providers.cakto.api.accounts[0].client-id").doesNotContain("not-the-secret");
        assertThat(reconciliation.nextRunAt("main")).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        for (int i = 0; i < 59; i++) {
            clock.advance(Duration.ofMinutes(1));
            reconciliation.runDue();
        }
        assertThat(cakto.tokenRequests).hasSize(1);
        assertThat(cakto.resends).isEmpty();
        // on demand, the same clear error, nothing resent
        RunReport report = reconciliation.runNow(Optional.empty(), false).get(0);
        assertThat(report.error().kind()).isEqualTo("credentials_rejected");
        assertThat(cakto.resends).isEmpty();
    }

    @Test
    void theScheduleRunsOnItsOwnThreadOnceStarted() throws Exception {
        long failed = cakto.record("purchase_approved", 500, Clock.systemUTC().instant(),
                payload("purchase_approved.json"), closedTarget);
        ReconcileProperties everySecond = new ReconcileProperties(true, Duration.ofSeconds(1), Duration.ofHours(24),
                Duration.ofMinutes(15), 1000, 3, Duration.ofSeconds(30), Duration.ofHours(1), "unused");
        CaktoApiClient client = new CaktoApiClient("main", "ponte.providers.cakto.api.accounts[0]", cakto.baseUrl(),
                FakeCaktoApi.CLIENT_ID, FakeCaktoApi.CLIENT_SECRET, Duration.ofSeconds(5),
                CaktoApiClient.httpClient(Duration.ofSeconds(5)), Clock.systemUTC());
        Reconciliation reconciliation = new Reconciliation(List.of(new AccountReconciler("main", client, identity,
                new IdempotencyAcceptedEvents(idempotency), store(), everySecond, 100, new ResendThrottle(1000),
                Clock.systemUTC(), registry)), store(), everySecond, Clock.systemUTC());
        reconciliation.start();
        try {
            assertThat(reconciliation.isRunning()).isTrue();
            for (int i = 0; i < 300 && cakto.resends.isEmpty(); i++) {
                Thread.sleep(100);
            }
            assertThat(cakto.resends).as("resent by the scheduler").contains(failed);
        } finally {
            reconciliation.stop();
        }
        assertThat(reconciliation.isRunning()).isFalse();
        // disabled: never started
        ReconcileProperties onDemand = new ReconcileProperties(false, Duration.ofSeconds(1), Duration.ofHours(24),
                Duration.ofMinutes(15), 1000, 3, Duration.ofSeconds(30), Duration.ofHours(1), "unused");
        Reconciliation manual = new Reconciliation(List.of(reconciler(FakeCaktoApi.CLIENT_SECRET, 100)), store(),
                onDemand, clock);
        manual.start();
        assertThat(manual.isRunning()).isFalse();
        assertThat(health(manual)).containsEntry("nextRun", "on demand");
    }

    @Test
    void aRunUnderWayMakesAnotherWaitItsTurn() throws Exception {
        record("purchase_approved.json", 500, Duration.ofMinutes(5));
        Reconciliation reconciliation = reconciliation(FakeCaktoApi.CLIENT_SECRET);
        CountDownLatch release = new CountDownLatch(1);
        cakto.holdHistory = release;
        CompletableFuture<List<RunReport>> first = CompletableFuture
                .supplyAsync(() -> reconciliation.runNow(Optional.empty(), false));
        cakto.historyHeld.await();
        assertThatThrownBy(() -> reconciliation.runNow(Optional.of("main"), true))
                .isInstanceOf(Reconciliation.BusyException.class)
                .hasMessage("a reconciliation of account main is already running");
        RunReport busy = reconciliation.runNow(Optional.empty(), true).get(0);
        assertThat(busy.error().kind()).isEqualTo("busy");
        clock.advance(Duration.ofHours(1));
        reconciliation.runDue();
        assertThat(cakto.historyQueries).hasSize(1);
        release.countDown();
        assertThat(first.get().get(0).resent()).isEqualTo(1);
        assertThat(cakto.resends).hasSize(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> health(Reconciliation reconciliation) {
        Map<String, Object> accounts = (Map<String, Object>) reconciliation.health().getDetails().get("accounts");
        return (Map<String, Object>) accounts.get("main");
    }
}
