package dev.ponte.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.support.ForwardTarget;
import dev.ponte.support.ForwardTarget.Answer;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API against the real app, RabbitMQ, SMTP server and HTTP target; run once per event log store
 * (PostgreSQL and the embedded SQLite database).
 */
abstract class AdminApiContract extends ConsoleTestSupport {

    /** The name given to {@link #consoleProperties}: the queues of this class are {@code <run>-<name>.<route>}. */
    abstract String name();

    /** Whether this context runs with {@code ponte.console.show-personal-data=true}. */
    abstract boolean showsPersonalData();

    @Test
    void anAcceptedWebhookIsFoundByOrderIdWithItsDeliveriesAndWithoutItsCredential() {
        String orderId = "order-" + UUID.randomUUID();
        Response webhook = postCakto("chargeback.json", orderId);
        assertThat(webhook.status()).isEqualTo(200);
        String eventId = webhook.json().path("id").asText();
        String requestId = webhook.raw().headers().firstValue("X-Request-Id").orElseThrow();

        JsonNode list = awaitJson("/admin/api/events?order_id=" + orderId, json -> json.path("events").size() == 1
                && json.path("events").get(0).path("deliveries").size() == 2
                && allDelivered(json.path("events").get(0).path("deliveries")));
        JsonNode summary = list.path("events").get(0);
        assertThat(summary.path("id").asText()).isEqualTo(eventId);
        assertThat(summary.path("type").asText()).isEqualTo("order.disputed");
        assertThat(summary.path("provider").asText()).isEqualTo("cakto");
        assertThat(summary.path("order_id").asText()).isEqualTo(orderId);
        assertThat(summary.path("outcome").asText()).isEqualTo("accepted");
        assertThat(summary.path("request_id").asText()).isEqualTo(requestId);
        assertThat(Instant.parse(summary.path("received_at").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(summary.path("email").asText()).isEqualTo(showsPersonalData() ? "mariana.ribeiro@exemplo.com.br"
                : "m***@exemplo.com.br");
        assertThat(list.path("next").isNull()).isTrue();
        List<String> routes = new ArrayList<>();
        summary.path("deliveries").forEach(d -> {
            routes.add(d.path("route").asText());
            assertThat(d.path("attempts").asInt()).isEqualTo(1);
            assertThat(d.path("last_error").isNull()).isTrue();
        });
        assertThat(routes).containsExactlyInAnyOrder("chargeback-alert", "http-forward");

        JsonNode detail = get("/admin/api/events/" + eventId).json();
        assertThat(detail.path("event").path("id").asText()).isEqualTo(eventId);
        assertThat(detail.path("event").path("order").path("id").asText()).isEqualTo(orderId);
        assertThat(detail.path("event").path("raw").has("secret")).isFalse();
        JsonNode customer = detail.path("event").path("customer");
        JsonNode rawCustomer = detail.path("event").path("raw").path("data").path("customer");
        if (showsPersonalData()) {
            assertThat(customer.path("email").asText()).isEqualTo("mariana.ribeiro@exemplo.com.br");
            assertThat(customer.path("document").asText()).isEqualTo("39053344705");
            assertThat(rawCustomer.path("docNumber").asText()).isEqualTo("39053344705");
        } else {
            assertThat(customer.path("email").asText()).isEqualTo("m***@exemplo.com.br");
            assertThat(customer.path("document").asText()).isEqualTo("*********05");
            assertThat(rawCustomer.path("email").asText()).isEqualTo("m***@exemplo.com.br");
            assertThat(rawCustomer.path("docNumber").asText()).isEqualTo("*********05");
            assertThat(detail.toString()).doesNotContain("mariana.ribeiro@").doesNotContain("39053344705");
        }
        JsonNode meta = detail.path("webhook");
        assertThat(meta.path("outcome").asText()).isEqualTo("accepted");
        assertThat(meta.path("request_id").asText()).isEqualTo(requestId);
        assertThat(meta.path("remote_address").asText()).isEqualTo("127.0.0.1");
        assertThat(meta.path("user_agent").asText()).isEqualTo("Cakto-Webhooks/1.0");
        assertThat(meta.path("body_bytes").asInt()).isGreaterThan(500);
        assertThat(Instant.parse(meta.path("answered_at").asText()))
                .isAfterOrEqualTo(Instant.parse(meta.path("received_at").asText()));
        JsonNode forwarded = attempts(detail, "http-forward").get(0);
        assertThat(forwarded.path("outcome").asText()).isEqualTo("delivered");
        assertThat(forwarded.path("attempt").asInt()).isEqualTo(1);
        assertThat(forwarded.path("status").asInt()).isEqualTo(200);
        assertThat(forwarded.path("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(detail.toString()).doesNotContain(PonteIntegrationTest.CAKTO_SECRET);

        // the same webhook found by what else an operator knows
        assertThat(ids("/admin/api/events?email=MARIANA.RIBEIRO@EXEMPLO.COM.BR&type=order.disputed&limit=200"))
                .contains(eventId);
        assertThat(ids("/admin/api/events?provider=cakto&outcome=accepted&limit=200")).contains(eventId);
        String received = summary.path("received_at").asText();
        assertThat(ids("/admin/api/events?order_id=" + orderId + "&since=" + received + "&until="
                + Instant.parse(received).plusMillis(1))).containsExactly(eventId);
        assertThat(ids("/admin/api/events?order_id=" + orderId + "&until=" + received)).isEmpty();
        assertThat(ids("/admin/api/events?order_id=" + orderId + "&provider=arkama")).isEmpty();
    }

    private static boolean allDelivered(JsonNode deliveries) {
        for (JsonNode d : deliveries) {
            if (!"delivered".equals(d.path("outcome").asText())) {
                return false;
            }
        }
        return true;
    }

    private List<String> ids(String pathAndQuery) {
        Response response = get(pathAndQuery);
        assertThat(response.status()).as(pathAndQuery).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().path("events").forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    @Test
    void refusedAndDuplicateWebhooksAreLoggedAndNoCredentialIsKept() {
        String wrongSecret = "wrong-secret-" + UUID.randomUUID();
        String orderId = "order-" + UUID.randomUUID();
        var body = dev.ponte.support.FixtureVariants.cakto("purchase_approved.json", orderId);
        body.put("secret", wrongSecret);
        Response refused = webhooks().post("/webhooks/cakto", body.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(401);
        String requestId = refused.raw().headers().firstValue("X-Request-Id").orElseThrow();

        JsonNode list = awaitJson("/admin/api/events?outcome=unauthorized&provider=cakto&limit=200",
                json -> json.toString().contains(requestId));
        assertThat(list.toString()).doesNotContain(wrongSecret);
        JsonNode row = null;
        for (JsonNode e : list.path("events")) {
            if (requestId.equals(e.path("request_id").asText())) {
                row = e;
            }
        }
        assertThat(row.path("id").isNull()).isTrue();
        assertThat(row.path("order_id").isNull()).as("nothing of a refused body is kept").isTrue();
        assertThat(row.path("deliveries").isEmpty()).isTrue();

        Response tooLarge = webhooks().post("/webhooks/cakto", new byte[300_000]);
        assertThat(tooLarge.status()).isEqualTo(413);
        String tooLargeId = tooLarge.raw().headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode large = awaitJson("/admin/api/events?outcome=too_large&limit=200",
                json -> json.toString().contains(tooLargeId));
        assertThat(large.toString()).contains("body exceeds 262144 bytes");

        Response first = postCakto("purchase_approved.json", orderId);
        Response again = postCakto("purchase_approved.json", orderId);
        assertThat(first.json().path("status").asText()).isEqualTo("accepted");
        assertThat(again.json().path("status").asText()).isEqualTo("duplicate");
        String eventId = first.json().path("id").asText();
        JsonNode detail = awaitJson("/admin/api/events/" + eventId, json -> json.path("webhooks").size() == 2);
        assertThat(detail.path("webhooks").get(0).path("outcome").asText()).isEqualTo("accepted");
        assertThat(detail.path("webhooks").get(1).path("outcome").asText()).isEqualTo("duplicate");
        assertThat(detail.path("webhook").path("outcome").asText()).isEqualTo("accepted");
        assertThat(detail.toString()).doesNotContain(PonteIntegrationTest.CAKTO_SECRET);
    }

    @Test
    void retriesAndTheDeadLetterAreLoggedAndOneDeadLetterIsReplayed() {
        String orderId = "order-" + UUID.randomUUID();
        FORWARD.script(orderId, Answer.of(500), Answer.of(502), Answer.of(500));
        String eventId = postCakto("purchase_approved.json", orderId).json().path("id").asText();

        List<JsonNode> tries = awaitAttempts(eventId, "http-forward", 3);
        assertThat(FORWARD.requestsWith(orderId)).extracting(ForwardTarget.Received::answered).containsExactly(500, 502, 500);
        assertThat(tries).extracting(t -> t.path("outcome").asText())
                .containsExactly("retrying", "retrying", "dead_lettered");
        assertThat(tries).extracting(t -> t.path("attempt").asInt()).containsExactly(1, 2, 3);
        assertThat(tries).extracting(t -> t.path("status").asInt()).containsExactly(500, 502, 500);
        assertThat(tries.get(2).path("error").asText()).startsWith("HTTP 500");

        JsonNode dlq = get("/admin/api/routes/http-forward/dlq").json();
        assertThat(dlq.path("depth").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(dlq.path("queue").asText()).isEqualTo(queue(name(), "http-forward") + ".dlq");
        assertThat(dlq.toString()).contains(eventId);
        JsonNode routes = get("/admin/api/routes").json();
        assertThat(routes.toString()).contains("\"route\":\"http-forward\"").contains("\"route\":\"paid-orders\"");

        Response missing = api("POST", "/admin/api/routes/http-forward/dlq/evt_not_there/replay");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("error").asText()).isEqualTo("not_in_dead_letter_queue");

        // the target answers 200 once its script is used up: the replayed dead letter is delivered
        Response replay = api("POST", "/admin/api/routes/http-forward/dlq/" + eventId + "/replay");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("moved").asInt()).isEqualTo(1);
        List<JsonNode> after = awaitAttempts(eventId, "http-forward", 4);
        assertThat(after.get(3).path("outcome").asText()).isEqualTo("delivered");
        assertThat(FORWARD.requestsWith(orderId)).hasSize(4);
        JsonNode summary = awaitJson("/admin/api/events?order_id=" + orderId, json -> true).path("events").get(0);
        assertThat(summary.toString()).contains("\"route\":\"http-forward\",\"outcome\":\"delivered\",\"attempts\":4");
        assertThat(get("/admin/api/routes/http-forward/dlq").json().toString()).doesNotContain(eventId);
    }

    @Test
    void replayPublishesTheStoredEventToTheRouteQueueAsItWasFirstPublished() {
        String paidOrders = queue(name(), "paid-orders");
        String orderId = "order-" + UUID.randomUUID();
        String eventId = postCakto("purchase_approved.json", orderId).json().path("id").asText();
        Message original = receiveEvent(paidOrders, eventId);
        awaitJson("/admin/api/events?order_id=" + orderId, json -> json.path("events").size() == 1);

        Response replay = api("POST", "/admin/api/events/" + eventId + "/replay?route=paid-orders");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("status").asText()).isEqualTo("published");
        assertThat(replay.json().path("queue").asText()).isEqualTo(paidOrders);
        assertThat(replay.json().path("type").asText()).isEqualTo("order.paid");
        Message again = receiveEvent(paidOrders, eventId);
        assertThat(again.getBody()).isEqualTo(original.getBody());
        MessageProperties a = original.getMessageProperties();
        MessageProperties b = again.getMessageProperties();
        assertThat(b.getMessageId()).isEqualTo(a.getMessageId());
        assertThat(b.getType()).isEqualTo(a.getType());
        assertThat(b.getContentType()).isEqualTo(a.getContentType());
        assertThat(b.getTimestamp()).isEqualTo(a.getTimestamp());
        assertThat(b.getAppId()).isEqualTo(a.getAppId());
        assertThat(b.getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(b.getHeaders()).isEqualTo(a.getHeaders());

        JsonNode detail = awaitJson("/admin/api/events/" + eventId, json -> json.toString().contains("replayed"));
        assertThat(detail.toString()).contains("\"route\":\"paid-orders\",\"attempt\":0,\"outcome\":\"replayed\"");
    }

    private static Message receiveEvent(String queue, String eventId) {
        for (int i = 0; i < 50; i++) {
            Message message = TestBroker.receive(queue, 10_000);
            assertThat(message).as("event " + eventId + " in " + queue).isNotNull();
            if (eventId.equals(message.getMessageProperties().getMessageId())) {
                return message;
            }
        }
        throw new AssertionError("event " + eventId + " never reached " + queue);
    }

    @Test
    void deadLettersAreReplayedOneByIdInOrderOrAllTogether() {
        String paidOrders = queue(name(), "paid-orders");
        String dlq = paidOrders + ".dlq";
        TestBroker.purge(paidOrders);
        TestBroker.purge(dlq);
        List<String> ids = List.of("evt_a" + UUID.randomUUID(), "evt_b" + UUID.randomUUID(), "evt_c" + UUID.randomUUID());
        for (String id : ids) {
            MessageProperties props = new MessageProperties();
            props.setMessageId(id);
            props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
            props.setHeader("x-ponte-failure-reason", "HTTP 500");
            TestBroker.template().send("", dlq, new Message(("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), props));
        }

        Response one = api("POST", "/admin/api/routes/paid-orders/dlq/" + ids.get(1) + "/replay");
        assertThat(one.status()).isEqualTo(200);
        assertThat(TestBroker.receive(paidOrders, 5_000).getMessageProperties().getMessageId()).isEqualTo(ids.get(1));
        assertThat(TestBroker.messageCount(dlq)).isEqualTo(2);

        // the former path, now on the management port: every dead letter, in the order they wait
        Response all = api("POST", "/admin/destinations/paid-orders/replay");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().path("moved").asInt()).isEqualTo(2);
        assertThat(all.json().path("ids").toString()).isEqualTo("[\"" + ids.get(0) + "\",\"" + ids.get(2) + "\"]");
        Message first = TestBroker.receive(paidOrders, 5_000);
        Message second = TestBroker.receive(paidOrders, 5_000);
        assertThat(first.getMessageProperties().getMessageId()).isEqualTo(ids.get(0));
        assertThat(second.getMessageProperties().getMessageId()).isEqualTo(ids.get(2));
        assertThat(second.getMessageProperties().getHeaders()).containsEntry("x-ponte-replays", 1)
                .containsEntry("x-ponte-failure-reason", "HTTP 500");
        assertThat(TestBroker.messageCount(dlq)).isZero();

        Response empty = api("POST", "/admin/api/routes/paid-orders/dlq/replay");
        assertThat(empty.json().path("moved").asInt()).isZero();
    }

    @Test
    void pagesFollowTheCursorNewestFirst() {
        String email = "pager-" + UUID.randomUUID() + "@exemplo.com.br";
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var body = dev.ponte.support.FixtureVariants.cakto("purchase_approved.json", "order-" + UUID.randomUUID());
            ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("data").path("customer")).put("email", email);
            posted.add(webhooks().post("/webhooks/cakto", body.toString().getBytes(StandardCharsets.UTF_8))
                    .json().path("id").asText());
        }
        awaitJson("/admin/api/events?email=" + email, json -> json.path("events").size() == 3);
        JsonNode page1 = get("/admin/api/events?email=" + email + "&limit=2").json();
        assertThat(page1.path("events").size()).isEqualTo(2);
        String next = page1.path("next").asText();
        JsonNode page2 = get("/admin/api/events?email=" + email + "&limit=2&cursor=" + next).json();
        assertThat(page2.path("events").size()).isEqualTo(1);
        assertThat(page2.path("next").isNull()).isTrue();
        List<String> seen = new ArrayList<>();
        page1.path("events").forEach(e -> seen.add(e.path("id").asText()));
        page2.path("events").forEach(e -> seen.add(e.path("id").asText()));
        assertThat(seen).containsExactly(posted.get(2), posted.get(1), posted.get(0));
    }

    @Test
    void badRequestsGetClearErrors() {
        assertError(get("/admin/api/events?since=yesterday"), 400, "bad_request");
        assertError(get("/admin/api/events?until=2026-12-01T10:00:00"), 400, "bad_request");
        assertError(get("/admin/api/events?limit=0"), 400, "bad_request");
        assertError(get("/admin/api/events?limit=201"), 400, "bad_request");
        assertError(get("/admin/api/events?limit=ten"), 400, "bad_request");
        assertError(get("/admin/api/events?cursor=abc"), 400, "bad_request");
        assertError(get("/admin/api/events/evt_unknown"), 404, "unknown_event");
        assertError(api("POST", "/admin/api/events/evt_unknown/replay"), 400, "bad_request");
        assertError(api("POST", "/admin/api/events/evt_unknown/replay?route=http-forward"), 404, "unknown_event");
        assertError(api("POST", "/admin/api/events/evt_unknown/replay?route=no-such-route"), 404, "unknown_route");
        assertError(api("POST", "/admin/api/events/evt_unknown/replay?route=webhook-ingress"), 404, "unknown_route");
        assertError(get("/admin/api/routes/no-such-route/dlq"), 404, "unknown_route");
        assertError(get("/admin/api/routes/http-forward/dlq?limit=x"), 400, "bad_request");
        assertError(api("POST", "/admin/api/routes/no-such-route/dlq/replay"), 404, "unknown_route");
        Response openApi = get("/admin/api/openapi.yaml");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body()).startsWith("openapi: 3.1.0").contains("/admin/api/events/{id}/replay:");
        JsonNode stats = get("/admin/api/stats").json();
        assertThat(stats.path("window").asText()).isEqualTo("PT1H");
        assertThat(stats.path("webhooks").isObject()).isTrue();
    }

    @Test
    void onlyTheAdminTokenOpensTheApiAndNothingOfItIsOnTheWebhookPort() {
        HttpRequest.Builder anonymous = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/admin/api/events")).GET();
        Response none = management().send(anonymous.build());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.raw().headers().firstValue("WWW-Authenticate").orElse("")).contains("Bearer").contains("Basic");
        assertThat(none.json().path("error").asText()).isEqualTo("unauthorized");
        assertThat(management().send(anonymous.copy().header("Authorization", "Bearer " + TOKEN + "x").build())
                .status()).isEqualTo(401);
        assertThat(management().send(anonymous.copy().header("Authorization", "Bearer").build()).status())
                .isEqualTo(401);
        assertThat(management().send(anonymous.copy().header("Authorization", "Basic !!!").build()).status())
                .isEqualTo(401);
        assertThat(management().send(anonymous.copy().header("Authorization", basic("ops", "nope")).build()).status())
                .isEqualTo(401);
        assertThat(management().send(anonymous.copy().header("Authorization", basic("ops", TOKEN)).build()).status())
                .isEqualTo(200);
        assertThat(management().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/admin/api/routes/http-forward/dlq/replay")).POST(HttpRequest.BodyPublishers.noBody()).build())
                .status()).as("a POST without the token").isEqualTo(401);

        for (String path : List.of("/admin/", "/admin/login", "/admin/api/events", "/admin/api/openapi.yaml")) {
            Response onWebhookPort = webhooks().send(HttpRequest.newBuilder(webhooks().uri(path))
                    .header("Authorization", "Bearer " + TOKEN).GET().build());
            assertThat(onWebhookPort.status()).as(path + " on the webhook port").isEqualTo(404);
            assertThat(onWebhookPort.body()).doesNotContain("Ponte console");
        }
    }

    @Test
    void withoutACaktoApiAccountTheReconciliationAreaSaysSo() {
        Response page = get("/admin/reconcile");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Reconciliação Cakto").contains("id=\"not-configured\"")
                .contains("Nenhuma conta da API da Cakto configurada").doesNotContain("reconcile-now");
        Response run = management().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/admin/reconcile")).header("Authorization", basic("ops", TOKEN))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("dry_run=false")).build());
        assertThat(run.status()).isEqualTo(409);
        assertThat(run.body()).contains("Nenhuma conta da API da Cakto configurada");
        // the admin route takes the console's credentials: HTTP Basic too
        Response api = management().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/admin/api/reconcile?dry_run=true")).header("Authorization", basic("ops", TOKEN))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertError(api, 409, "not_configured");
    }

    private static void assertError(Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).isEqualTo(error);
        assertThat(response.json().path("detail").asText()).isNotBlank();
    }
}
