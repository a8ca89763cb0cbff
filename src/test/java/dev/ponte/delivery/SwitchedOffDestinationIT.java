package dev.ponte.delivery;

import dev.ponte.PonteApplication;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.ForwardTarget;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A destination switched off (forwarding without a URL) or removed (its route file deleted) keeps no binding to
 * the events exchange once Ponte has started: its queue collects nothing.
 */
class SwitchedOffDestinationIT {

    private static final String PREFIX = TestBroker.RUN + ".off.";
    private static final String FORWARD_QUEUE = PREFIX + "http-forward";
    private static final String EXTRA_QUEUE = PREFIX + "extra-audit";
    private static final ForwardTarget TARGET = new ForwardTarget();
    private static final String SENTINEL = TestBroker.bindQueue("off-sentinel", "order.paid");

    @AfterAll
    static void cleanUp() {
        TestBroker.deleteDestination(FORWARD_QUEUE, defaults());
        TestBroker.deleteDestination(EXTRA_QUEUE, defaults());
        TestBroker.delete(PREFIX + DestinationBindings.REGISTRY_SUFFIX);
        TestBroker.delete(SENTINEL);
    }

    private static dev.ponte.config.PonteProperties.Delivery defaults() {
        return new dev.ponte.config.PonteProperties.Delivery(5, Duration.ofSeconds(15), 3.0, Duration.ofMinutes(10),
                0.15, "classic", TestBroker.DLX, PREFIX, null);
    }

    private static ConfigurableApplicationContext start(Path routes, String forwardUrl) {
        // command-line arguments: they win over application.yaml (builder properties would not)
        return new SpringApplicationBuilder(PonteApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.rabbitmq.host=127.0.0.1",
                "--spring.rabbitmq.port=5672",
                "--ponte.publish.exchange=" + TestBroker.EXCHANGE,
                "--ponte.publish.parked-queue=" + TestBroker.PARKED,
                "--ponte.publish.unrouted-queue=" + TestBroker.UNROUTED,
                "--ponte.delivery.dead-letter-exchange=" + TestBroker.DLX,
                "--ponte.delivery.queue-prefix=" + PREFIX,
                "--ponte.routes.dir=" + routes,
                "--ponte.providers.cakto.secrets=" + PonteIntegrationTest.CAKTO_SECRET,
                "--ponte.spool.dir=" + TestBroker.tempDir("off-spool"),
                "--ponte.forward.url=" + forwardUrl,
                "--ponte.forward.secret=" + PonteIntegrationTest.FORWARD_SECRET,
                "--ponte.forward.allow-private=true");
    }

    private static int port(ConfigurableApplicationContext context) {
        assertThat(context.getEnvironment().getProperty("ponte.delivery.queue-prefix")).isEqualTo(PREFIX);
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void forwardingOffAndARemovedRouteFileCollectNothing() throws IOException {
        Path routes = Files.createTempDirectory("ponte-off-routes");
        Files.copy(Path.of("routes", "ponte-delivery.yaml"), routes.resolve("ponte-delivery.yaml"));
        Files.copy(Path.of("routes", "http-forward.yaml"), routes.resolve("http-forward.yaml"));
        Path extra = routes.resolve("extra-audit.yaml");
        Files.writeString(extra, """
                - route:
                    id: extra-audit
                    routeConfigurationId: ponte-delivery
                    from:
                      uri: spring-rabbitmq:{{ponte.publish.exchange}}
                      parameters:
                        queues: "{{ponte.delivery.queue-prefix}}extra-audit"
                        routingKey: "order.*"
                        deadLetterQueue: "{{ponte.delivery.queue-prefix}}extra-audit.dlq"
                        deadLetterRoutingKey: "{{ponte.delivery.queue-prefix}}extra-audit"
                      steps:
                        - to: log:extra-audit?level=DEBUG
                """);

        // first run: both destinations on, their queues bound
        try (ConfigurableApplicationContext on = start(routes, TARGET.url())) {
            String orderId = UUID.randomUUID().toString();
            assertThat(new WebhookClient(port(on)).post("/webhooks/cakto",
                    FixtureVariants.cakto("purchase_approved.json", orderId).toString().getBytes()).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> !TARGET.requestsWith(orderId).isEmpty());
        }
        TestBroker.purge(SENTINEL);

        // second run: forwarding switched off, the extra route file deleted
        Files.delete(extra);
        try (ConfigurableApplicationContext off = start(routes, "")) {
            WebhookClient client = new WebhookClient(port(off));
            for (int i = 0; i < 1000; i++) {
                WebhookClient.Response response = client.post("/webhooks/cakto",
                        FixtureVariants.cakto("purchase_approved.json", "off-" + UUID.randomUUID()).toString().getBytes());
                assertThat(response.status()).isEqualTo(200);
            }
            // all 1,000 were published and routed (the sentinel queue has them) ...
            assertThat(TestBroker.messageCount(SENTINEL)).isGreaterThanOrEqualTo(1000);
            // ... and neither queue of a destination that no longer runs got one
            assertThat(TestBroker.messageCount(FORWARD_QUEUE)).isZero();
            assertThat(TestBroker.messageCount(EXTRA_QUEUE)).isZero();
            assertThat(TARGET.requestsWith("off-")).isEmpty();
        }
    }
}
