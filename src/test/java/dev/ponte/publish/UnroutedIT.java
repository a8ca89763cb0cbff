package dev.ponte.publish;

import dev.ponte.PonteApplication;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the real RabbitMQ: an event no destination is bound to is kept in {@code ponte.unrouted} (the alternate
 * exchange of {@code ponte.events}, declared by Ponte), not dropped, and answered 200 only once stored there. Names
 * of its own, so no other test's queue is bound to its exchange.
 */
class UnroutedIT {

    private static final String NAMES = TestBroker.RUN + "-unrouted-it";
    private static final String EXCHANGE = NAMES + ".events";
    private static final String UNROUTED = NAMES + ".unrouted";
    private static final String PARKED = NAMES + ".parked";

    @AfterAll
    static void cleanUp() {
        TestBroker.admin().deleteQueue(UNROUTED);
        TestBroker.admin().deleteQueue(PARKED);
        TestBroker.admin().deleteQueue(NAMES + ".paid-orders");
        TestBroker.admin().deleteQueue(NAMES + ".paid-orders.dlq");
        TestBroker.admin().deleteExchange(EXCHANGE);
        TestBroker.admin().deleteExchange(UNROUTED);
    }

    @Test
    void anEventNoQueueIsBoundToIsKeptInPonteUnrouted() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PonteApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--camel.springboot.main-run-controller=false",
                "--ponte.routes.dir=src/test/resources/no-routes",
                "--ponte.spool.dir=" + TestBroker.tempDir("unrouted-spool"),
                "--spring.rabbitmq.host=127.0.0.1",
                "--spring.rabbitmq.port=5672",
                "--ponte.publish.exchange=" + EXCHANGE,
                "--ponte.publish.parked-queue=" + PARKED,
                "--ponte.publish.unrouted-queue=" + UNROUTED,
                // ponte.queues' paid-orders queue is bound to paid orders: a chargeback has no queue here
                "--ponte.delivery.queue-prefix=" + NAMES + ".",
                "--ponte.providers.cakto.secrets=" + PonteIntegrationTest.CAKTO_SECRET)) {
            WebhookClient client = new WebhookClient(((WebServerApplicationContext) app).getWebServer().getPort());
            FixtureVariants.Variant webhook = FixtureVariants.withOrderId("cakto", "chargeback.json",
                    UUID.randomUUID().toString());
            Response response = client.post(webhook.path(), webhook.body(), webhook.headers());
            assertThat(response.status()).as("answered %s", response.body()).isEqualTo(200);
            assertThat(response.json().path("status").asText()).isEqualTo("accepted");

            Message kept = TestBroker.receive(UNROUTED, 10_000);
            assertThat(kept).as("the event in %s", UNROUTED).isNotNull();
            assertThat(kept.getMessageProperties().getMessageId()).isEqualTo(response.json().path("id").asText());
            assertThat(kept.getMessageProperties().getReceivedRoutingKey()).isEqualTo("order.disputed");
            assertThat(TestBroker.messageCount(PARKED)).isZero();
        }
    }
}
