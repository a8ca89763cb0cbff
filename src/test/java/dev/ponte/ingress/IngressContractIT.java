package dev.ponte.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.Fixtures;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Every row of docs/ingress-contract.md that a running broker can show, over real HTTP and RabbitMQ. */
class IngressContractIT extends PonteIntegrationTest {

    private static String queue;

    @BeforeAll
    static void bindQueue() {
        queue = TestBroker.bindQueue("contract-all", "#");
    }

    @AfterAll
    static void deleteQueue() {
        TestBroker.delete(queue);
    }

    /** A Cakto purchase_approved with a fresh order id, so its event id is new. */
    private static ObjectNode freshCakto() {
        return FixtureVariants.cakto("purchase_approved.json", UUID.randomUUID().toString());
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Response postCakto(JsonNode body) {
        return webhooks().post("/webhooks/cakto", bytes(body));
    }

    /** Posts a fresh accepted event and returns every message up to it: what the test before it published. */
    private List<JsonNode> drainUntilSentinel() {
        Response sentinel = postCakto(freshCakto());
        assertThat(sentinel.status()).isEqualTo(200);
        List<JsonNode> events = TestBroker.receiveUntil(queue, sentinel.json().path("id").asText(), 10_000);
        return events.subList(0, events.size() - 1);
    }

    @Test
    void acceptedAnswersIdAndTypeAfterTheConfirm() {
        drainUntilSentinel();
        Response response = postCakto(freshCakto());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo("accepted");
        assertThat(response.json().path("type").asText()).isEqualTo("order.paid");
        assertThat(response.json().path("id").asText()).matches("evt_[0-9a-f]{32}");
        JsonNode event = TestBroker.receiveJson(queue, 10_000);
        assertThat(event.path("id").asText()).isEqualTo(response.json().path("id").asText());
        assertThat(event.path("raw").has("secret")).as("credential removed from raw").isFalse();
    }

    @Test
    void duplicateDeliveryIsAnsweredDuplicateAndPublishedOnce() {
        drainUntilSentinel();
        ObjectNode body = freshCakto();
        Response first = postCakto(body);
        Response second = postCakto(body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("status").asText()).isEqualTo("duplicate");
        assertThat(second.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        List<JsonNode> published = drainUntilSentinel();
        assertThat(published).extracting(e -> e.path("id").asText()).containsExactly(first.json().path("id").asText());
    }

    @Test
    void concurrentDuplicatesArePublishedOnce() throws Exception {
        drainUntilSentinel();
        byte[] body = bytes(freshCakto());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> posts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                posts.add(() -> webhooks().post("/webhooks/cakto", body));
            }
            List<String> statuses = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(posts)) {
                assertThat(f.get().status()).isEqualTo(200);
                statuses.add(f.get().json().path("status").asText());
            }
            assertThat(statuses).filteredOn("accepted"::equals).hasSize(1);
            assertThat(statuses).filteredOn("duplicate"::equals).hasSize(15);
        } finally {
            pool.shutdownNow();
        }
        assertThat(drainUntilSentinel()).hasSize(1);
    }

    @Test
    void unmappedEventIsParkedAndPublishedToTheParkingQueue() {
        TestBroker.purge(TestBroker.PARKED);
        ObjectNode body = freshCakto();
        body.put("event", "initiate_checkout_v9_unknown");
        Response response = postCakto(body);
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().path("status").asText()).isEqualTo("parked");
        assertThat(response.json().path("reason").asText()).isNotBlank();
        JsonNode parked = TestBroker.receiveJson(TestBroker.PARKED, 10_000);
        assertThat(parked).isNotNull();
        assertThat(parked.path("id").asText()).isEqualTo(response.json().path("id").asText());
        assertThat(parked.path("type").isNull()).isTrue();
        assertThat(parked.path("raw").path("event").asText()).isEqualTo("initiate_checkout_v9_unknown");
        assertThat(parked.path("raw").has("secret")).isFalse();
    }

    @Test
    void payloadOfWrongTypesIsParkedNotRefused() {
        TestBroker.purge(TestBroker.PARKED);
        ObjectNode body = freshCakto();
        ((ObjectNode) body.get("data")).put("amount", "not-a-number");
        ((ObjectNode) body.get("data")).putArray("paidAt").add(1);
        Response response = postCakto(body);
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().path("status").asText()).isEqualTo("parked");
        assertThat(response.json().path("reason").asText()).startsWith("not normalizable");
        assertThat(TestBroker.receiveJson(TestBroker.PARKED, 10_000)).isNotNull();
    }

    @Test
    void wrongMissingOrRemovedCredentialsAre401AndNothingIsPublished() {
        drainUntilSentinel();
        ObjectNode wrong = freshCakto();
        wrong.put("secret", "00000000-0000-0000-0000-000000000000");
        ObjectNode missing = freshCakto();
        missing.remove("secret");
        ObjectNode numeric = freshCakto();
        numeric.put("secret", 12345);
        for (JsonNode body : List.of(wrong, missing, numeric)) {
            Response response = postCakto(body);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.json()).isEqualTo(EventJson.mapper().createObjectNode().put("error", "unauthorized"));
        }
        Response wiapyWrong = webhooks().post("/webhooks/wiapy", Fixtures.bytes("wiapy", "paid.json"),
                Map.of("Authorization", "Bearer not-the-token"));
        assertThat(wiapyWrong.status()).isEqualTo(401);
        Response wiapyMissing = webhooks().post("/webhooks/wiapy", Fixtures.bytes("wiapy", "paid.json"));
        assertThat(wiapyMissing.status()).isEqualTo(401);
        assertThat(drainUntilSentinel()).isEmpty();
    }

    @Test
    void rotatedSecretIsAcceptedNextToTheCurrentOne() {
        drainUntilSentinel();
        ObjectNode rotated = freshCakto();
        rotated.put("secret", ROTATED_SECRET);
        assertThat(postCakto(rotated).status()).isEqualTo(200);
        assertThat(postCakto(freshCakto()).status()).isEqualTo(200);
        assertThat(drainUntilSentinel()).hasSize(2);
    }

    @Test
    void bodiesThatAreNotJsonObjectsAre400() {
        drainUntilSentinel();
        Map<String, byte[]> bodies = Map.of(
                "malformed", "{\"secret\": \"x\", ".getBytes(StandardCharsets.UTF_8),
                "array", ("[" + freshCakto() + "]").getBytes(StandardCharsets.UTF_8),
                "empty", new byte[0],
                "string", "\"hello\"".getBytes(StandardCharsets.UTF_8),
                "duplicate keys", "{\"secret\":\"a\",\"secret\":\"b\"}".getBytes(StandardCharsets.UTF_8));
        bodies.forEach((name, body) -> {
            Response response = webhooks().post("/webhooks/cakto", body);
            assertThat(response.status()).as(name).isEqualTo(400);
            assertThat(response.json().path("error").asText()).as(name).isEqualTo("invalid_json");
            assertThat(response.json().path("detail").asText()).as(name).isNotBlank().doesNotContain("secret");
        });
        assertThat(drainUntilSentinel()).isEmpty();
    }

    @Test
    void formEncodedBodyIsA400NotA500() {
        Response form = webhooks().post("/webhooks/cakto",
                "secret=b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37&event=purchase_approved".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.json().path("error").asText()).isEqualTo("invalid_json");
        Response multipart = webhooks().post("/webhooks/cakto", "--x\r\n\r\nhello\r\n--x--".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "multipart/form-data; boundary=x"));
        assertThat(multipart.status()).isEqualTo(400);
    }

    @Test
    void unknownProviderIs404() {
        Response response = webhooks().post("/webhooks/pagseguro", bytes(freshCakto()));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("error").asText()).isEqualTo("unknown_provider");
        assertThat(webhooks().post("/webhooks/..%2Fadmin", bytes(freshCakto())).status()).isIn(400, 404);
        assertThat(webhooks().post("/webhooks/cakto%0d%0aX-Injected:%201", bytes(freshCakto())).status()).isIn(400, 404);
    }

    @Test
    void otherMethodsAre405() {
        Response get = webhooks().send(HttpRequest.newBuilder(webhooks().uri("/webhooks/cakto")).GET().build());
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.body()).doesNotContain("Exception").doesNotContain("at dev.");
        Response put = webhooks().send(HttpRequest.newBuilder(webhooks().uri("/webhooks/cakto"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(put.status()).isEqualTo(405);
    }

    @Test
    void bodyOneByteOverTheLimitIs413AndAtTheLimitIsAccepted() {
        int limit = 262_144;
        byte[] json = bytes(freshCakto());
        byte[] atLimit = new byte[limit];
        System.arraycopy(json, 0, atLimit, 0, json.length);
        java.util.Arrays.fill(atLimit, json.length, limit, (byte) ' ');
        assertThat(webhooks().post("/webhooks/cakto", atLimit).status()).isEqualTo(200);

        byte[] over = java.util.Arrays.copyOf(atLimit, limit + 1);
        over[limit] = ' ';
        Response response = webhooks().post("/webhooks/cakto", over);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void credentialsAreNeverEchoedAndTheRequestIdIs() {
        Response response = webhooks().post("/webhooks/wiapy?webhookSecret=query-secret-value",
                Fixtures.bytes("wiapy", "paid.json"),
                Map.of("Authorization", "super-secret-token-value", "X-Request-Id", "req-123"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.raw().headers().map().toString())
                .doesNotContain("super-secret-token-value").doesNotContain("query-secret-value");
        assertThat(response.body()).doesNotContain("super-secret-token-value");
        assertThat(response.raw().headers().firstValue("X-Request-Id")).hasValue("req-123");
        Response generated = webhooks().post("/webhooks/wiapy", Fixtures.bytes("wiapy", "paid.json"),
                Map.of("X-Request-Id", "bad id\twith spaces"));
        assertThat(generated.raw().headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).matches("[0-9a-f-]{36}"));
    }
}
