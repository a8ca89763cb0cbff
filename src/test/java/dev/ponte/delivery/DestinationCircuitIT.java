package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.ForwardTarget;
import dev.ponte.support.ForwardTarget.Answer;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A destination that is down: after the configured failures in a row its circuit opens and the events behind wait
 * in the queue without using up tries; once it answers again a probe closes the circuit and everything is delivered.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class DestinationCircuitIT {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private WebhookClient webhooks() {
        return new WebhookClient(port);
    }

    private static final String PREFIX = TestBroker.RUN + ".cb.";
    private static final String QUEUE = PREFIX + "http-forward";
    private static final ForwardTarget TARGET = new ForwardTarget();
    private static final PonteProperties.Delivery DELIVERY = new PonteProperties.Delivery(5, Duration.ofMillis(200),
            2.0, Duration.ofSeconds(3), 0.15, "classic", TestBroker.DLX, PREFIX, null);

    @DynamicPropertySource
    static void ownDestination(DynamicPropertyRegistry registry) throws IOException {
        Path routes = Files.createTempDirectory("ponte-cb-routes");
        Files.copy(Path.of("routes", "ponte-delivery.yaml"), routes.resolve("ponte-delivery.yaml"));
        Files.copy(Path.of("routes", "http-forward.yaml"), routes.resolve("http-forward.yaml"));
        registry.add("ponte.routes.dir", routes::toString);
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", () -> "5672");
        registry.add("ponte.publish.exchange", () -> TestBroker.EXCHANGE);
        registry.add("ponte.publish.parked-queue", () -> TestBroker.PARKED);
        registry.add("ponte.publish.unrouted-queue", () -> TestBroker.UNROUTED);
        registry.add("ponte.delivery.dead-letter-exchange", () -> TestBroker.DLX);
        registry.add("ponte.delivery.queue-prefix", () -> PREFIX);
        registry.add("ponte.providers.cakto.secrets", () -> PonteIntegrationTest.CAKTO_SECRET);
        registry.add("ponte.spool.dir", () -> TestBroker.tempDir("spool").toString());
        registry.add("ponte.forward.url", TARGET::url);
        registry.add("ponte.forward.secret", () -> PonteIntegrationTest.FORWARD_SECRET);
        registry.add("ponte.forward.allow-private", () -> "true");
        registry.add("ponte.admin.token", () -> PonteIntegrationTest.ADMIN_TOKEN);
        registry.add("ponte.delivery.max-attempts", () -> "5");
        registry.add("ponte.delivery.initial-delay", () -> "200ms");
        registry.add("ponte.delivery.multiplier", () -> "2");
        registry.add("ponte.delivery.max-delay", () -> "3s");
        registry.add("ponte.delivery.circuit-breaker.failure-threshold", () -> "3");
        registry.add("ponte.delivery.circuit-breaker.open-duration", () -> "3s");
    }

    @AfterAll
    static void cleanUp() {
        TestBroker.deleteDestination(QUEUE, DELIVERY);
        TestBroker.delete(PREFIX + DestinationBindings.REGISTRY_SUFFIX);
    }

    private String get(String path) {
        return new WebhookClient(managementPort).get(path, PonteIntegrationTest.ADMIN_TOKEN).body();
    }

    @Test
    void aDownDestinationOpensItsCircuitAndTheEventsBehindWaitInTheQueue() {
        List<String> orders = new ArrayList<>();
        Answer[] down = new Answer[10];
        Arrays.fill(down, Answer.of(503));
        for (int i = 0; i < 6; i++) {
            String orderId = "cb-" + i + "-" + UUID.randomUUID();
            TARGET.script(orderId, down);
            orders.add(orderId);
        }
        for (String orderId : orders) {
            assertThat(webhooks().post("/webhooks/cakto",
                    FixtureVariants.cakto("purchase_approved.json", orderId).toString().getBytes()).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/actuator/health").contains("\"http-forward\":{\"state\":\"open\""));
        // the destination comes back
        orders.forEach(TARGET::script);
        assertThat(get("/actuator/prometheus"))
                .contains("ponte_destination_circuit_state{application=\"ponte\",route=\"http-forward\",state=\"open\"} 1.0");

        await().atMost(Duration.ofSeconds(30)).until(() -> orders.stream()
                .allMatch(o -> TARGET.requestsWith(o).stream().anyMatch(r -> r.answered() == 200)));
        long failed = TARGET.requestsWith("").stream().filter(r -> r.answered() == 503).count();
        assertThat(failed).as("tries against the down destination: the threshold, then it stopped").isEqualTo(3);
        for (String orderId : orders.subList(3, 6)) {
            assertThat(TARGET.requestsWith(orderId)).as("waited in the queue, tried once it was back").hasSize(1);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> get("/actuator/health").contains("\"http-forward\":{\"state\":\"closed\""));
        assertThat(TestBroker.messageCount(QUEUE + ".dlq")).isZero();
    }
}
