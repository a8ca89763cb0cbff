package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.ForwardTarget;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.TestMailServer;
import dev.ponte.support.WebhookClient;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SMTP outage holds back no other destination, and an alert waiting for its next try holds back no later alert:
 * the wait is spent in the broker, not in the e-mail route's consumer.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class AlertIsolationIT {

    private static final String PREFIX = TestBroker.RUN + ".alert-iso.";
    private static final TestMailServer MAIL = TestMailServer.start();
    private static final ForwardTarget TARGET = new ForwardTarget();
    private static final List<DeliveryAttempt> ATTEMPTS = new CopyOnWriteArrayList<>();
    /** Long enough that a later alert is surely mailed before the held one's second try. */
    private static final Duration WAIT = Duration.ofSeconds(8);
    private static final PonteProperties.Delivery DELIVERY = new PonteProperties.Delivery(3, WAIT, 1.0, WAIT, 0.0,
            "classic", TestBroker.DLX, PREFIX, null);

    @LocalServerPort
    int port;

    @TestConfiguration
    static class RecordAttempts {
        @Bean
        DeliveryAttemptListener recordingListener() {
            return ATTEMPTS::add;
        }
    }

    @DynamicPropertySource
    static void ownDestinations(DynamicPropertyRegistry registry) throws IOException {
        Path routes = Files.createTempDirectory("ponte-alert-iso-routes");
        Files.copy(Path.of("routes", "ponte-delivery.yaml"), routes.resolve("ponte-delivery.yaml"));
        Files.copy(Path.of("routes", "chargeback-alert.yaml"), routes.resolve("chargeback-alert.yaml"));
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
        registry.add("ponte.events.dir", () -> TestBroker.tempDir("events").toString());
        registry.add("ponte.alerts.mail.host", () -> "127.0.0.1");
        registry.add("ponte.alerts.mail.port", MAIL::port);
        registry.add("ponte.alerts.mail.from", () -> "ponte@ponte.test");
        registry.add("ponte.alerts.chargeback.to", () -> PonteIntegrationTest.ALERT_RECIPIENT);
        registry.add("ponte.alerts.chargeback.templates", () -> Path.of("routes", "templates").toAbsolutePath().toString());
        registry.add("ponte.forward.url", TARGET::url);
        registry.add("ponte.forward.secret", () -> PonteIntegrationTest.FORWARD_SECRET);
        registry.add("ponte.forward.allow-private", () -> "true");
        registry.add("ponte.delivery.max-attempts", () -> "3");
        registry.add("ponte.delivery.initial-delay", WAIT::toString);
        registry.add("ponte.delivery.multiplier", () -> "1");
        registry.add("ponte.delivery.max-delay", WAIT::toString);
        registry.add("ponte.delivery.jitter", () -> "0");
    }

    @AfterAll
    static void cleanUp() {
        TestBroker.deleteDestination(PREFIX + "chargeback-alert", DELIVERY);
        TestBroker.deleteDestination(PREFIX + "http-forward", DELIVERY);
        TestBroker.delete(PREFIX + DestinationBindings.REGISTRY_SUFFIX);
    }

    private String post(String fixture, String orderId) {
        WebhookClient.Response response = new WebhookClient(port).post("/webhooks/cakto",
                FixtureVariants.cakto(fixture, orderId).toString().getBytes());
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("id").asText();
    }

    private static boolean mailed(String orderId) {
        for (MimeMessage message : MAIL.received()) {
            try {
                if (message.getSubject().contains(orderId) || String.valueOf(message.getContent()).contains(orderId)) {
                    return true;
                }
                if (message.getContent() instanceof jakarta.mail.Multipart multipart) {
                    for (int i = 0; i < multipart.getCount(); i++) {
                        if (String.valueOf(multipart.getBodyPart(i).getContent()).contains(orderId)) {
                            return true;
                        }
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return false;
    }

    private static List<DeliveryAttempt> attemptsOf(String eventId) {
        return ATTEMPTS.stream().filter(a -> eventId.equals(a.eventId())).toList();
    }

    @Test
    void smtpDownHoldsBackNoOtherRouteAndAWaitingAlertNoLaterAlert() {
        String heldOrder = "held-" + UUID.randomUUID();
        String held;
        MAIL.down();
        try {
            held = post("chargeback.json", heldOrder);
            await().atMost(Duration.ofSeconds(20)).until(() -> attemptsOf(held).stream()
                    .anyMatch(a -> a.route().equals("chargeback-alert")
                            && a.outcome() == DeliveryAttempt.Outcome.RETRYING));

            // the SMTP server is still down: another destination goes on delivering
            String paidOrder = "paid-" + UUID.randomUUID();
            post("purchase_approved.json", paidOrder);
            await().atMost(Duration.ofSeconds(20)).until(() -> !TARGET.requestsWith(paidOrder).isEmpty());
        } finally {
            MAIL.up();
        }

        // the held alert waits in the broker; a later alert is mailed before its next try
        String laterOrder = "later-" + UUID.randomUUID();
        post("chargeback.json", laterOrder);
        await().atMost(Duration.ofSeconds(20)).until(() -> mailed(laterOrder));
        assertThat(mailed(heldOrder)).as("the held alert is still waiting for its second try").isFalse();
        assertThat(attemptsOf(held)).filteredOn(a -> a.route().equals("chargeback-alert"))
                .as("only its first try so far").hasSize(1);

        // then its second try mails it
        await().atMost(Duration.ofSeconds(30)).until(() -> mailed(heldOrder));
        // the listeners hear of a try once its exchange is done, just after the SMTP server took the mail
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsOf(held).stream()
                .anyMatch(a -> a.outcome() == DeliveryAttempt.Outcome.DELIVERED));
        assertThat(attemptsOf(held)).filteredOn(a -> a.route().equals("chargeback-alert"))
                .extracting(DeliveryAttempt::outcome)
                .containsExactly(DeliveryAttempt.Outcome.RETRYING, DeliveryAttempt.Outcome.DELIVERED);
    }
}
