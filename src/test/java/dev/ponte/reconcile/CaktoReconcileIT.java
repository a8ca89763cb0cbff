package dev.ponte.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import dev.ponte.eventlog.EventLogStore;
import dev.ponte.eventlog.LoggedWebhook;
import dev.ponte.eventlog.WebhookRow;
import dev.ponte.provider.ProviderRegistry;
import dev.ponte.provider.cakto.CaktoProvider;
import dev.ponte.support.FakeCaktoApi;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciliation end to end: Ponte as it runs (real HTTP, real RabbitMQ) and a fake Cakto API over real HTTP
 * whose resend posts the stored payload to Ponte's own webhook endpoint, so a recovered delivery comes in through
 * the normal ingress and arrives on RabbitMQ. Runs are started through the admin API on the management port. What
 * Ponte took is the event log's answer (SQLite here; its PostgreSQL store: EventLogReconcileTest).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaktoReconcileIT extends PonteIntegrationTest {

    private static final FakeCaktoApi CAKTO = new FakeCaktoApi();
    private static final String BROKEN_CLIENT_ID = "broken-client-id-77";
    private static final String OTHER_SECRET = "9d1c7a52-0e4b-4f3a-8c6d-1b2a3c4d5e6f";
    private static String queue;

    @LocalManagementPort
    int adminPort;

    @Autowired
    ProviderRegistry providers;

    @Autowired
    EventLogStore eventLog;

    @Autowired
    AcceptedEvents acceptedEvents;

    @DynamicPropertySource
    static void reconcileProperties(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> "0");
        registry.add("ponte.providers.cakto.api.base-url", () -> CAKTO.baseUrl().toString());
        registry.add("ponte.providers.cakto.api.page-size", () -> "2");
        registry.add("ponte.providers.cakto.api.accounts[0].name", () -> "main");
        registry.add("ponte.providers.cakto.api.accounts[0].client-id", () -> FakeCaktoApi.CLIENT_ID);
        registry.add("ponte.providers.cakto.api.accounts[0].client-secret", () -> FakeCaktoApi.CLIENT_SECRET);
        registry.add("ponte.providers.cakto.api.accounts[1].name", () -> "broken");
        registry.add("ponte.providers.cakto.api.accounts[1].client-id", () -> BROKEN_CLIENT_ID);
        registry.add("ponte.providers.cakto.api.accounts[1].client-secret", () -> "broken-secret-never-shown-31d");
        // runs on demand only: the test decides when
        registry.add("ponte.reconcile.enabled", () -> "false");
        registry.add("ponte.reconcile.resends-per-second", () -> "50");
        registry.add("ponte.reconcile.dir", () -> TestBroker.tempDir("reconcile").toString());
    }

    @BeforeAll
    static void bindQueue() {
        queue = TestBroker.bindQueue("reconcile-events", "#");
    }

    @AfterAll
    static void cleanUp() {
        TestBroker.delete(queue);
        CAKTO.close();
    }

    private WebhookClient admin() {
        return new WebhookClient(adminPort);
    }

    private WebhookClient.Response reconcile(String query, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                + "/admin/api/reconcile" + query)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return admin().send(request.build());
    }

    private String ingress() {
        return "http://127.0.0.1:" + port + "/webhooks/cakto";
    }

    private String eventId(ObjectNode payload) {
        return new PayloadIdentity(providers.find(CaktoProvider.NAME).orElseThrow()).eventId(payload);
    }

    private static ObjectNode variant(String fixture) {
        return FixtureVariants.cakto(fixture, UUID.randomUUID().toString());
    }

    private static List<JsonNode> drain(int count) {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode event = TestBroker.receiveJson(queue, 10_000);
            assertThat(event).as("event %d of %d", i + 1, count).isNotNull();
            events.add(event);
        }
        return events;
    }

    @Test
    @Order(1)
    void exactlyTheFailedDeliveriesAreResentOnceThroughTheNormalIngress() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode approved = variant("purchase_approved.json");
        ObjectNode pix = variant("pix_gerado.json");
        ObjectNode refund = variant("refund.json");
        ObjectNode elsewhere = variant("chargeback.json");
        elsewhere.put("secret", OTHER_SECRET);

        // the refund reached Ponte: it is accepted, and the event log (which decides) has written it
        assertThat(acceptedEvents).isInstanceOf(EventLogAcceptedEvents.class);
        WebhookClient.Response delivered = webhooks().post("/webhooks/cakto", EventJson.mapper().writeValueAsBytes(refund));
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(drain(1).get(0).path("id").asText()).isEqualTo(eventId(refund));
        awaitLogged(eventId(refund), "accepted");

        CAKTO.record("purchase_approved", 500, now.minusSeconds(50 * 60), approved, ingress());
        long unanswered = CAKTO.record("pix_gerado", null, now.minusSeconds(40 * 60), pix, ingress());
        CAKTO.record("refund", 200, now.minusSeconds(30 * 60), refund, ingress());
        CAKTO.record("chargeback", 500, now.minusSeconds(25 * 60), elsewhere, "https://other.example/hook");
        // Cakto's own retry of the 500, a record of its own: one event, resent once
        long retried = CAKTO.record("purchase_approved", 503, now.minusSeconds(20 * 60), approved, ingress());

        WebhookClient.Response dry = reconcile("?dry_run=true&account=main", ADMIN_TOKEN);
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        JsonNode dryReport = dry.json().path("accounts").get(0);
        assertThat(dry.json().path("dry_run").asBoolean()).isTrue();
        assertThat(dryReport.path("account").asText()).isEqualTo("main");
        assertThat(dryReport.path("examined").asInt()).isEqualTo(5);
        assertThat(ids(dryReport)).containsExactly(retried, unanswered);
        assertThat(dryReport.path("deliveries").get(0).path("event_id").asText()).isEqualTo(eventId(approved));
        assertThat(dryReport.path("deliveries").get(0).path("reason").asText()).isEqualTo("server_error");
        assertThat(dryReport.path("deliveries").get(1).path("reason").asText()).isEqualTo("no_answer");
        assertThat(dryReport.path("deliveries").get(0).path("resent").asBoolean()).isFalse();
        assertThat(CAKTO.resends).isEmpty();
        assertThat(TestBroker.messageCount(queue)).isZero();
        // paged: limit 2, five records
        assertThat(CAKTO.historyQueries).hasSize(3);

        WebhookClient.Response run = reconcile("?dry_run=false&account=main", ADMIN_TOKEN);
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        JsonNode report = run.json().path("accounts").get(0);
        assertThat(report.path("found").asInt()).isEqualTo(2);
        assertThat(report.path("resent").asInt()).isEqualTo(2);
        assertThat(CAKTO.resends).containsExactly(retried, unanswered);
        List<JsonNode> events = drain(2);
        assertThat(events).extracting(e -> e.path("id").asText()).containsExactly(eventId(approved), eventId(pix));
        assertThat(events).extracting(e -> e.path("type").asText())
                .containsExactly("order.paid", "order.waiting_payment.pix");
        assertThat(events.get(0).path("raw").has("secret")).isFalse();
        // Cakto recorded its resends as delivered: Ponte answered 200
        assertThat(CAKTO.history().subList(5, 7)).extracting(FakeCaktoApi.Record::status).containsOnly(200);

        // the next run reads the resends' history again (overlap): once the log has them, nothing more is resent
        awaitLogged(eventId(approved), "accepted");
        awaitLogged(eventId(pix), "accepted");
        WebhookClient.Response again = reconcile("?account=main", ADMIN_TOKEN);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("accounts").get(0).path("found").asInt()).isZero();
        assertThat(CAKTO.resends).hasSize(2);
        assertThat(TestBroker.messageCount(queue)).isZero();
    }

    @Test
    @Order(2)
    void theRunsShowInMetricsAndHealth() {
        WebhookClient.Response metrics = admin().send(HttpRequest.newBuilder(admin().uri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("ponte_reconcile_found_total\\{account=\"main\"[^}]*} 2\\.0")
                .containsPattern("ponte_reconcile_resent_total\\{account=\"main\"[^}]*} 2\\.0");
        WebhookClient.Response health = admin().send(HttpRequest.newBuilder(admin().uri("/actuator/health"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build());
        JsonNode main = health.json().path("components").path("reconcile").path("details").path("accounts")
                .path("main");
        assertThat(health.json().path("components").path("reconcile").path("status").asText()).isEqualTo("UP");
        assertThat(main.path("lastSuccess").asText()).isNotBlank();
        assertThat(main.path("consecutiveFailures").asInt()).isZero();
        assertThat(main.path("nextRun").asText()).isEqualTo("on demand");
        assertThat(health.body()).doesNotContain(FakeCaktoApi.CLIENT_SECRET).doesNotContain("fake-token-");
    }

    @Test
    @Order(3)
    void badCredentialsAreAClearErrorWithoutSecretAndWithoutLoop() {
        int before = (int) CAKTO.tokenRequests.stream().filter(BROKEN_CLIENT_ID::equals).count();
        WebhookClient.Response run = reconcile("?account=broken", ADMIN_TOKEN);
        assertThat(run.status()).isEqualTo(502);
        JsonNode error = run.json().path("accounts").get(0).path("error");
        assertThat(error.path("kind").asText()).isEqualTo("credentials_rejected");
        assertThat(error.path("message").asText()).contains("Cakto refused the API credentials of account broken")
                .contains("ponte.providers.cakto.api.accounts[1].client-id");
        assertThat(run.body()).doesNotContain("broken-secret-never-shown");
        assertThat(CAKTO.tokenRequests.stream().filter(BROKEN_CLIENT_ID::equals).count()).isEqualTo(before + 1);
        WebhookClient.Response health = admin().send(HttpRequest.newBuilder(admin().uri("/actuator/health"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build());
        assertThat(health.json().path("components").path("reconcile").path("details").path("accounts")
                .path("broken").path("lastError").asText()).contains("refused the API credentials");
        assertThat(health.body()).doesNotContain("broken-secret-never-shown");
    }

    @Test
    @Order(4)
    void theAdminRouteWantsTheTokenAndCleanParameters() {
        assertThat(reconcile("?dry_run=true", null).status()).isEqualTo(401);
        assertThat(reconcile("?dry_run=true", ADMIN_TOKEN + "x").status()).isEqualTo(401);
        assertThat(reconcile("?dry_run=true", null).json().path("error").asText()).isEqualTo("unauthorized");
        WebhookClient.Response badFlag = reconcile("?dry_run=maybe", ADMIN_TOKEN);
        assertThat(badFlag.status()).isEqualTo(400);
        assertThat(badFlag.json().path("error").asText()).isEqualTo("bad_request");
        WebhookClient.Response unknown = reconcile("?dry_run=true&account=nope", ADMIN_TOKEN);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("accounts").toString()).contains("main", "broken");
        // both accounts at once: main is fine, broken fails, so the answer is 502 with both reports
        WebhookClient.Response all = reconcile("?dry_run=true", ADMIN_TOKEN);
        assertThat(all.status()).isEqualTo(502);
        assertThat(all.json().path("accounts")).hasSize(2);
        assertThat(all.json().path("accounts").get(0).path("error").isNull()).isTrue();
    }

    @Test
    @Order(5)
    void anEventTheLogHoldsOnlyAsRefusedIsResentOnceAndThenKnown() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode paid = variant("purchase_approved.json");
        String paidId = eventId(paid);
        // Ponte answered this webhook 503 (broker down and spool full): the log holds the event, but not as taken
        eventLog.write(List.of(WebhookRow.of(new LoggedWebhook(0, paidId, "unavailable", "broker unavailable", "cakto",
                "order.paid", paid.path("data").path("id").asText(), null, "req-503", now.minusSeconds(60),
                now.minusSeconds(60), "127.0.0.1", "Cakto", 900, null))), List.of());
        long refused = CAKTO.record("purchase_approved", 503, now.minusSeconds(60), paid, ingress());
        // a duplicate answer (Cakto's retry of a delivery Ponte had taken) is taken too
        ObjectNode pix = variant("pix_gerado.json");
        WebhookClient.Response first = webhooks().post("/webhooks/cakto", EventJson.mapper().writeValueAsBytes(pix));
        WebhookClient.Response retry = webhooks().post("/webhooks/cakto", EventJson.mapper().writeValueAsBytes(pix));
        assertThat(first.json().path("status").asText()).isEqualTo("accepted");
        assertThat(retry.json().path("status").asText()).isEqualTo("duplicate");
        assertThat(drain(1).get(0).path("id").asText()).isEqualTo(eventId(pix));
        awaitLogged(eventId(pix), "duplicate");
        CAKTO.record("pix_gerado", 200, now.minusSeconds(30), pix, ingress());

        WebhookClient.Response run = reconcile("?account=main", ADMIN_TOKEN);
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        JsonNode report = run.json().path("accounts").get(0);
        assertThat(ids(report)).containsExactly(refused);
        assertThat(report.path("deliveries").get(0).path("event_id").asText()).isEqualTo(paidId);
        assertThat(report.path("deliveries").get(0).path("resent").asBoolean()).isTrue();
        assertThat(drain(1).get(0).path("id").asText()).isEqualTo(paidId);
        awaitLogged(paidId, "accepted");

        WebhookClient.Response again = reconcile("?account=main", ADMIN_TOKEN);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("accounts").get(0).path("found").asInt()).isZero();
        assertThat(CAKTO.resends.stream().filter(id -> id == refused)).hasSize(1);
        assertThat(TestBroker.messageCount(queue)).isZero();
    }

    /** The event log writes in batches, off the webhook's path: waits until it holds the event with that outcome. */
    private void awaitLogged(String eventId, String outcome) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> eventLog.outcomes(eventId).contains(outcome));
    }

    private static List<Long> ids(JsonNode report) {
        List<Long> ids = new ArrayList<>();
        report.path("deliveries").forEach(d -> ids.add(d.path("record_id").asLong()));
        return ids;
    }
}
