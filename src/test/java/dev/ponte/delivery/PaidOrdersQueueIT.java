package dev.ponte.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default queue for the user's own consumers ({@code ponte.queues}): paid orders land in it, and Ponte does not
 * consume it.
 */
class PaidOrdersQueueIT extends PonteIntegrationTest {

    @Test
    void theQueueIsDurableNobodyConsumesItAndARejectedEventLandsInItsDeadLetterQueue() throws Exception {
        String queue = TestBroker.QUEUE_PREFIX + "paid-orders";
        TestBroker.purge(queue);
        TestBroker.purge(queue + ".dlq");
        assertThat(TestBroker.admin().getQueueInfo(queue).getConsumerCount()).isZero();
        // redeclared with the arguments it was declared with: accepted; non-durable: refused by the broker
        TestBroker.admin().declareQueue(new org.springframework.amqp.core.Queue(queue, true, false, false,
                java.util.Map.of("x-queue-type", "classic", "x-dead-letter-exchange", TestBroker.DLX,
                        "x-dead-letter-routing-key", queue)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestBroker.admin()
                .declareQueue(new org.springframework.amqp.core.Queue(queue, false)))
                .isInstanceOf(org.springframework.amqp.AmqpIOException.class);

        String paid = UUID.randomUUID().toString();
        assertThat(webhooks().post("/webhooks/cakto",
                FixtureVariants.cakto("purchase_approved.json", paid).toString().getBytes()).status()).isEqualTo(200);
        TestBroker.template().execute(channel -> {
            var got = channel.basicGet(queue, false);
            for (int i = 0; got == null && i < 100; i++) {
                Thread.sleep(100);
                got = channel.basicGet(queue, false);
            }
            assertThat(got).as("the paid order in " + queue).isNotNull();
            channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
            return null;
        });
        JsonNode dead = TestBroker.receiveJson(queue + ".dlq", 10_000);
        assertThat(dead.path("order").path("id").asText()).isEqualTo(paid);
    }

    @Test
    void paidOrdersWaitInTheConsumerQueue() throws Exception {
        String queue = TestBroker.QUEUE_PREFIX + "paid-orders";
        TestBroker.purge(queue);
        String paid = UUID.randomUUID().toString();
        String refunded = UUID.randomUUID().toString();
        assertThat(webhooks().post("/webhooks/cakto",
                FixtureVariants.cakto("refund.json", refunded).toString().getBytes()).status()).isEqualTo(200);
        assertThat(webhooks().post("/webhooks/cakto",
                FixtureVariants.cakto("purchase_approved.json", paid).toString().getBytes()).status()).isEqualTo(200);
        JsonNode event = TestBroker.receiveJson(queue, 10_000);
        assertThat(event.path("type").asText()).isEqualTo("order.paid");
        assertThat(event.path("order").path("id").asText()).isEqualTo(paid);
        assertThat(TestBroker.receive(queue, 300)).as("only paid events are bound").isNull();
    }

    @Test
    void depthAndOldestAgeOfTheConsumerQueueAreMetrics() throws Exception {
        String queue = TestBroker.QUEUE_PREFIX + "paid-orders";
        TestBroker.purge(queue);
        try {
            assertThat(webhooks().post("/webhooks/cakto", FixtureVariants.cakto("purchase_approved.json",
                    UUID.randomUUID().toString()).toString().getBytes()).status()).isEqualTo(200);
            assertThat(webhooks().post("/webhooks/cakto", FixtureVariants.cakto("purchase_approved.json",
                    UUID.randomUUID().toString()).toString().getBytes()).status()).isEqualTo(200);
            String depth = "ponte_queue_depth{application=\"ponte\",queue=\"" + queue + "\"} 2.0";
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> prometheus().contains(depth));
            assertThat(prometheus()).containsPattern(
                    "ponte_queue_oldest_age_seconds\\{application=\"ponte\",queue=\"" + java.util.regex.Pattern.quote(queue)
                            + "\"\\} [0-9.]+");
            // reading the age hands the head message back: nothing is taken from the consumers
            assertThat(TestBroker.messageCount(queue)).isEqualTo(2);
        } finally {
            TestBroker.purge(queue);
        }
    }

    private String prometheus() {
        return management().get("/actuator/prometheus").body();
    }
}
