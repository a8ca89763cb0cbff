package dev.ponte.ingress;

import dev.ponte.idempotency.IdempotencyStore;
import dev.ponte.idempotency.MemoryIdempotencyStore;
import dev.ponte.publish.BrokerUnavailableException;
import dev.ponte.publish.ConfirmedSender;
import dev.ponte.publish.EventPublisher;
import dev.ponte.publish.EventSpool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.support.Fixtures;
import dev.ponte.support.HostileJson;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ponte.config.PonteProperties;
import dev.ponte.event.UnifiedEvent;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Error inside a step of the webhook route (here the idempotency store of the publish step throws
 * OutOfMemoryError or StackOverflowError) is the 500 of an unexpected failure, with the correlation id. Camel's error
 * handling catches Exceptions only: before the steps were guarded, such an Error answered 200, with the request body
 * (the credential and personal data in it) echoed, for an event that was never stored. The app keeps serving after.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ponte.providers.wiapy.secrets=" + UnexpectedErrorIT.TOKEN,
                "ponte.routes.dir=src/test/resources/no-routes"})
@DirtiesContext
class UnexpectedErrorIT {

    static final String TOKEN = "error-probe-token-31c9e";

    @LocalServerPort
    int port;

    @Autowired
    FailingIdempotencyStore store;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", () -> "5672");
        registry.add("ponte.publish.exchange", () -> TestBroker.EXCHANGE);
        registry.add("ponte.publish.parked-queue", () -> TestBroker.PARKED);
        registry.add("ponte.publish.unrouted-queue", () -> TestBroker.UNROUTED);
    }

    @Autowired
    FailingPublisher publisher;

    @Autowired
    FailingSpool spool;

    @TestConfiguration
    static class Failing {
        @Bean
        @Primary
        FailingIdempotencyStore failingIdempotencyStore() {
            return new FailingIdempotencyStore();
        }

        @Bean
        @Primary
        FailingPublisher failingPublisher(ConfirmedSender sender, PonteProperties properties) {
            return new FailingPublisher(sender, properties.publish());
        }

        @Bean(destroyMethod = "close")
        @Primary
        FailingSpool failingSpool() {
            return new FailingSpool(TestBroker.tempDir("error-spool"));
        }
    }

    /** The real publisher, except that the next publish throws what it was armed with. */
    static final class FailingPublisher extends EventPublisher {
        private volatile Supplier<? extends Throwable> next;

        FailingPublisher(ConfirmedSender sender, PonteProperties.Publish settings) {
            super(sender, settings);
        }

        @Override
        public void publish(String exchange, UnifiedEvent event, byte[] body) {
            Supplier<? extends Throwable> failure = next;
            if (failure != null) {
                next = null;
                Throwable thrown = failure.get();
                if (thrown instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) thrown;
            }
            super.publish(exchange, event, body);
        }
    }

    /** The real spool, except that the next append throws the Error it was armed with. */
    static final class FailingSpool extends EventSpool {
        private volatile Supplier<Error> next;

        FailingSpool(Path dir) {
            super(dir, 1_000_000);
        }

        @Override
        public synchronized void append(String eventId, String routingKey, String provider, Instant time,
                                        Instant receivedAt, byte[] body) {
            Supplier<Error> error = next;
            if (error != null) {
                next = null;
                throw error.get();
            }
            super.append(eventId, routingKey, provider, time, receivedAt, body);
        }
    }

    /** The in-memory store, except that the next claim throws the Error it was armed with. */
    static final class FailingIdempotencyStore implements IdempotencyStore {
        private final IdempotencyStore delegate = new MemoryIdempotencyStore(Duration.ofHours(1), 1000);
        private volatile Supplier<Error> next;

        @Override
        public Claim claim(String eventId, Duration wait) {
            Supplier<Error> error = next;
            if (error != null) {
                next = null;
                throw error.get();
            }
            return delegate.claim(eventId, wait);
        }
    }

    private static byte[] freshWiapy() {
        ObjectNode fresh = HostileJson.parse(Fixtures.bytes("wiapy", "paid.json"));
        ((ObjectNode) fresh.get("payment")).put("id", UUID.randomUUID().toString());
        return HostileJson.bytes(fresh);
    }

    /**
     * An Error while publishing releases the event's claim: the provider's retry is published at once. Before,
     * the claim stayed held for the life of the process and every retry waited, then got 503.
     */
    @Test
    void anErrorWhilePublishingReleasesTheClaimSoTheRetryIsAccepted() {
        for (Supplier<Error> error : List.<Supplier<Error>>of(() -> new OutOfMemoryError("simulated"),
                StackOverflowError::new)) {
            byte[] body = freshWiapy();
            publisher.next = error;
            Response failed = postWiapy(body, "corr-publish-error");
            assertThat(failed.status()).as("answered %s", failed.body()).isEqualTo(500);
            Response retry = postWiapy(body, "corr-publish-retry");
            assertThat(retry.status()).as("retry answered %s", retry.body()).isEqualTo(200);
            assertThat(retry.json().path("status").asText()).isEqualTo("accepted");
        }
    }

    /** The same for an Error while spooling (the broker did not confirm, the spool write threw). */
    @Test
    void anErrorWhileSpoolingReleasesTheClaimSoTheRetryIsAccepted() {
        byte[] body = freshWiapy();
        publisher.next = () -> new BrokerUnavailableException("simulated: no confirm", null);
        spool.next = StackOverflowError::new;
        Response failed = postWiapy(body, "corr-spool-error");
        assertThat(failed.status()).as("answered %s", failed.body()).isEqualTo(500);
        assertThat(spool.depth()).isZero();
        Response retry = postWiapy(body, "corr-spool-retry");
        assertThat(retry.status()).as("retry answered %s", retry.body()).isEqualTo(200);
        assertThat(retry.json().path("status").asText()).isEqualTo("accepted");
    }

    private Response postWiapy(byte[] body, String requestId) {
        return new WebhookClient(port).post("/webhooks/wiapy", body,
                Map.of("Authorization", TOKEN, "X-Request-Id", requestId));
    }

    @Test
    void anErrorInAStepIs500WithTheCorrelationIdAndNothingEchoed() {
        byte[] body = Fixtures.bytes("wiapy", "paid.json");
        List<Supplier<Error>> errors = List.of(() -> new OutOfMemoryError("simulated"), StackOverflowError::new,
                () -> new AssertionError("simulated"));
        for (int i = 0; i < errors.size(); i++) {
            store.next = errors.get(i);
            Response response = postWiapy(body, "corr-error-" + i);
            assertThat(response.status()).as("answered %s", response.body()).isEqualTo(500);
            assertThat(response.json().path("error").asText()).isEqualTo("internal_error");
            assertThat(response.json().path("request_id").asText()).isEqualTo("corr-error-" + i);
            assertThat(response.body()).doesNotContain("payment").doesNotContain("@exemplo")
                    .doesNotContain(TOKEN).doesNotContain("Error").doesNotContain("at dev.");
        }

        ObjectNode fresh = HostileJson.parse(body);
        ((ObjectNode) fresh.get("payment")).put("id", UUID.randomUUID().toString());
        Response after = postWiapy(HostileJson.bytes(fresh), "corr-after");
        assertThat(after.status()).as("answered %s", after.body()).isEqualTo(200);
        assertThat(after.json().path("status").asText()).isEqualTo("accepted");
    }
}
