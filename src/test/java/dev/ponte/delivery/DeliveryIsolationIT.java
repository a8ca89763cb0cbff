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
import org.springframework.boot.test.web.server.LocalServerPort;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One event its destination refuses forever holds up no other: its tries wait in the broker while the route
 * delivers the events behind it, each try signed when it is sent.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class DeliveryIsolationIT {

    @LocalServerPort
    int port;

    private WebhookClient webhooks() {
        return new WebhookClient(port);
    }

    private static final Logger log = LoggerFactory.getLogger(DeliveryIsolationIT.class);
    private static final String PREFIX = TestBroker.RUN + ".iso.";
    private static final String QUEUE = PREFIX + "http-forward";
    private static final ForwardTarget TARGET = new ForwardTarget();
    private static final List<DeliveryAttempt> ATTEMPTS = new CopyOnWriteArrayList<>();
    private static final PonteProperties.Delivery DELIVERY = new PonteProperties.Delivery(4, Duration.ofMillis(300),
            3.0, Duration.ofSeconds(5), 0.15, "classic", TestBroker.DLX, PREFIX, null);

    @TestConfiguration
    static class RecordAttempts {
        @Bean
        DeliveryAttemptListener recordingListener() {
            return ATTEMPTS::add;
        }
    }

    @DynamicPropertySource
    static void ownDestination(DynamicPropertyRegistry registry) throws IOException {
        Path routes = Files.createTempDirectory("ponte-iso-routes");
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
        registry.add("ponte.delivery.max-attempts", () -> "4");
        registry.add("ponte.delivery.initial-delay", () -> "300ms");
        registry.add("ponte.delivery.multiplier", () -> "3");
        registry.add("ponte.delivery.max-delay", () -> "5s");
        // this test is about one event failing among healthy ones, not about a destination that is down
        registry.add("ponte.delivery.circuit-breaker.failure-threshold", () -> "50");
    }

    @AfterAll
    static void cleanUp() {
        TestBroker.deleteDestination(QUEUE, DELIVERY);
        TestBroker.delete(PREFIX + DestinationBindings.REGISTRY_SUFFIX);
    }

    private String postPaid(String orderId) {
        Response response = webhooks().post("/webhooks/cakto",
                FixtureVariants.cakto("purchase_approved.json", orderId).toString().getBytes());
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("id").asText();
    }

    @Test
    void oneEventFailingForeverHoldsUpNoOtherAndEachTryIsSignedAfresh() throws Exception {
        String dlq = QUEUE + ".dlq";
        String failing = "failing-" + UUID.randomUUID();
        Answer[] alwaysFailing = new Answer[20];
        Arrays.fill(alwaysFailing, Answer.of(500));
        TARGET.script(failing, alwaysFailing);
        String failingId = postPaid(failing);
        await().atMost(Duration.ofSeconds(20)).until(() -> !TARGET.requestsWith(failing).isEmpty());

        List<String> healthy = new ArrayList<>();
        List<Instant> postedAt = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String orderId = "healthy-" + UUID.randomUUID();
            postedAt.add(Instant.now());
            postPaid(orderId);
            healthy.add(orderId);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> healthy.stream().allMatch(o -> !TARGET.requestsWith(o).isEmpty())
                && TestBroker.messageCount(dlq) > 0);

        List<ForwardTarget.Received> tries = TARGET.requestsWith(failing);
        assertThat(tries).as("max-attempts tries, then the dead-letter queue").hasSize(4)
                .allMatch(r -> r.answered() == 500);
        List<Duration> waits = new ArrayList<>();
        for (int i = 1; i < tries.size(); i++) {
            waits.add(Duration.between(tries.get(i - 1).at(), tries.get(i).at()));
        }
        log.info("failing event: waits between its tries {}", waits);
        assertThat(waits.get(1)).as("waits grow").isGreaterThan(waits.get(0));
        assertThat(waits.get(2)).as("waits grow").isGreaterThan(waits.get(1));

        Instant lastTry = tries.get(tries.size() - 1).at();
        for (int i = 0; i < healthy.size(); i++) {
            List<ForwardTarget.Received> delivered = TARGET.requestsWith(healthy.get(i));
            assertThat(delivered).as("delivered once").hasSize(1);
            assertThat(delivered.get(0).answered()).isEqualTo(200);
            assertThat(delivered.get(0).at()).as("delivered while the failing event was still being retried")
                    .isBefore(lastTry);
            log.info("healthy event {} delivered {} ms after it was posted", i + 1,
                    Duration.between(postedAt.get(i), delivered.get(0).at()).toMillis());
        }

        // every try verifies as Standard Webhooks, each signed when it was sent
        for (ForwardTarget.Received request : TARGET.requestsWith("")) {
            if (request.bodyText().contains(failing) || healthy.stream().anyMatch(request.bodyText()::contains)) {
                verifyStandardWebhook(request);
            }
        }
        assertThat(tries).extracting(r -> r.header("webhook-id")).containsOnly(failingId);
        assertThat(Long.parseLong(tries.get(3).header("webhook-timestamp")))
                .as("the last try (seconds after the first) carries its own timestamp")
                .isGreaterThan(Long.parseLong(tries.get(0).header("webhook-timestamp")));

        Message dead = TestBroker.receive(dlq, 5_000);
        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(failingId);
        assertThat(dead.getMessageProperties().getHeaders())
                .containsEntry("x-ponte-attempts", 4)
                .containsEntry("x-ponte-route", "http-forward")
                .containsEntry("x-ponte-routing-key", "order.paid")
                .containsKey("x-ponte-first-failure-at");
        assertThat(dead.getMessageProperties().getHeaders().get("x-ponte-failure-reason").toString())
                .startsWith("HTTP 500");
        for (long ttl : new RetrySchedule(DELIVERY).tiers()) {
            assertThat(TestBroker.messageCount(RetrySchedule.retryQueue(QUEUE, ttl))).isZero();
        }

        // what the listeners were told: each try with its outcome
        List<DeliveryAttempt> reported = ATTEMPTS.stream().filter(a -> failingId.equals(a.eventId())).toList();
        assertThat(reported).extracting(DeliveryAttempt::attempt).containsExactly(1, 2, 3, 4);
        assertThat(reported).extracting(DeliveryAttempt::outcome).containsExactly(DeliveryAttempt.Outcome.RETRYING,
                DeliveryAttempt.Outcome.RETRYING, DeliveryAttempt.Outcome.RETRYING,
                DeliveryAttempt.Outcome.DEAD_LETTERED);
        assertThat(reported).allSatisfy(a -> {
            assertThat(a.route()).isEqualTo("http-forward");
            assertThat(a.status()).isEqualTo(500);
            assertThat(a.error()).startsWith("HTTP 500");
            assertThat(a.at()).isNotNull();
            assertThat(a.duration()).isNotNull();
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> ATTEMPTS.stream()
                .anyMatch(a -> a.outcome() == DeliveryAttempt.Outcome.DELIVERED && a.status() == 200
                        && a.error() == null && a.attempt() == 1));
    }

    /** Standard Webhooks verification written from the spec (standardwebhooks.com), with its 5-minute tolerance. */
    static void verifyStandardWebhook(ForwardTarget.Received request) throws Exception {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signatures = request.header("webhook-signature");
        assertThat(id).isNotBlank();
        long sentAt = Long.parseLong(timestamp);
        long receivedAt = request.at().getEpochSecond();
        assertThat(Math.abs(receivedAt - sentAt)).as("inside the 5-minute tolerance").isLessThanOrEqualTo(300);
        assertThat(Math.abs(receivedAt - sentAt)).as("signed when sent").isLessThanOrEqualTo(2);
        byte[] key = Base64.getDecoder().decode(PonteIntegrationTest.FORWARD_SECRET.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + request.bodyText()).getBytes(StandardCharsets.UTF_8));
        boolean matches = false;
        for (String versioned : signatures.split(" ")) {
            String[] parts = versioned.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && java.security.MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                matches = true;
            }
        }
        assertThat(matches).as("a v1 signature matches").isTrue();
    }
}
