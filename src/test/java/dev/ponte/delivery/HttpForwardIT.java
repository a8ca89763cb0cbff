package dev.ponte.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;
import dev.ponte.support.ForwardTarget;
import dev.ponte.support.ForwardTarget.Answer;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP forwarding route file, against a real HTTP server on loopback. */
class HttpForwardIT extends PonteIntegrationTest {

    private Response postPaid(String orderId) throws Exception {
        Response response = webhooks().post("/webhooks/cakto",
                FixtureVariants.cakto("purchase_approved.json", orderId).toString().getBytes());
        assertThat(response.status()).isEqualTo(200);
        return response;
    }

    private static List<ForwardTarget.Received> awaitRequests(String orderId, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> FORWARD.requestsWith(orderId).size() >= count);
        return FORWARD.requestsWith(orderId);
    }

    /** Standard Webhooks verification written from the spec, not with the code under test. */
    private static void assertStandardWebhooksSignature(ForwardTarget.Received request) throws Exception {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signature = request.header("webhook-signature");
        byte[] key = Base64.getDecoder().decode(FORWARD_SECRET.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + request.bodyText()).getBytes(StandardCharsets.UTF_8)));
        assertThat(signature).isEqualTo(expected);
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(300L));
    }

    @Test
    void eventsArePostedSignedTheStandardWebhooksWay() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String eventId = postPaid(orderId).json().path("id").asText();
        ForwardTarget.Received request = awaitRequests(orderId, 1).get(0);
        assertThat(request.path()).isEqualTo("/hooks/ponte");
        assertThat(request.header("webhook-id")).isEqualTo(eventId);
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertStandardWebhooksSignature(request);
        JsonNode event = EventJson.mapper().readTree(request.body());
        assertThat(event.path("id").asText()).isEqualTo(eventId);
        assertThat(event.path("type").asText()).isEqualTo("order.paid");
        // only the Standard Webhooks headers travel, no broker or CloudEvents internals
        assertThat(request.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("cloudevents")
                || h.toLowerCase().startsWith("camel") || h.toLowerCase().startsWith("x-ponte"));
    }

    @Test
    void serverErrorsAreRetriedAndTheEventIsDeliveredExactlyOnce() throws Exception {
        String orderId = UUID.randomUUID().toString();
        FORWARD.script(orderId, Answer.of(500), Answer.of(503));
        postPaid(orderId);
        List<ForwardTarget.Received> requests = awaitRequests(orderId, 3);
        assertThat(requests).extracting(ForwardTarget.Received::answered).containsExactly(500, 503, 200);
        // the same event, the same id, each try signed again
        assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(requests.get(0).header("webhook-id"));
        for (ForwardTarget.Received request : requests) {
            assertStandardWebhooksSignature(request);
        }
        // nothing more comes after the 200
        String sentinel = UUID.randomUUID().toString();
        postPaid(sentinel);
        awaitRequests(sentinel, 1);
        assertThat(FORWARD.requestsWith(orderId)).hasSize(3);
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        String orderId = UUID.randomUUID().toString();
        FORWARD.script(orderId, new Answer(429, Map.of("Retry-After", "2")));
        postPaid(orderId);
        List<ForwardTarget.Received> requests = awaitRequests(orderId, 2);
        assertThat(requests.get(1).answered()).isEqualTo(200);
        // the backoff alone would have retried after 100 ms
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void clientErrorGoesStraightToTheDeadLetterQueueAndReplayDeliversIt() throws Exception {
        String dlq = TestBroker.QUEUE_PREFIX + "http-forward.dlq";
        String orderId = UUID.randomUUID().toString();
        FORWARD.script(orderId, Answer.of(400));
        String eventId = postPaid(orderId).json().path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> TestBroker.messageCount(dlq) > 0);
        assertThat(FORWARD.requestsWith(orderId)).hasSize(1);

        Message dead = TestBroker.receive(dlq, 5_000);
        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(eventId);
        assertThat(dead.getMessageProperties().getHeaders())
                .containsEntry("x-ponte-attempts", 1)
                .containsEntry("x-ponte-failure-reason", "HTTP 400 Bad Request")
                .containsEntry("x-ponte-route", "http-forward");
        TestBroker.template().send("", dlq, dead);

        Response denied = replay("http-forward", "wrong-token");
        assertThat(denied.status()).isEqualTo(401);
        Response replay = replay("http-forward", ADMIN_TOKEN);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("moved").asInt()).isEqualTo(1);
        List<ForwardTarget.Received> requests = awaitRequests(orderId, 2);
        assertThat(requests.get(1).answered()).isEqualTo(200);
        assertThat(requests.get(1).header("webhook-id")).isEqualTo(eventId);
        assertThat(TestBroker.messageCount(dlq)).isZero();
    }

    @Test
    void replayEndpointRefusesWithoutTokenAndKnowsOnlyDestinationRoutes() {
        assertThat(replay("http-forward", null).status()).isEqualTo(401);
        assertThat(replay("no-such-route", ADMIN_TOKEN).status()).isEqualTo(404);
        assertThat(replay("webhook-ingress", ADMIN_TOKEN).status()).isEqualTo(404);
        Response empty = replay("paid-orders", ADMIN_TOKEN);
        assertThat(empty.status()).isEqualTo(200);
    }

    private Response replay(String route, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(management().uri(
                "/admin/destinations/" + route + "/replay")).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return management().send(request.build());
    }
}
