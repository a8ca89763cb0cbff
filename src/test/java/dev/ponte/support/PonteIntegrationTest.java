package dev.ponte.support;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app as it runs: real HTTP on a random port, the real RabbitMQ on 127.0.0.1:5672 with this run's own
 * exchange and queues, and the fixtures' credentials configured. Subclasses share one application context.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class PonteIntegrationTest {

    public static final String CAKTO_SECRET = "b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37";
    public static final String ARKAMA_TOKEN = "e1fa3f290f4de6a0e9070580c5ba8a60";
    public static final String ABACATEPAY_SECRET = "abacatepay-webhook-secret-0123456789abcdef";
    public static final String WIAPY_TOKEN = "wiapy-token-7f3e9a1c";
    /** A second, rotated-in secret accepted next to each provider's first one. */
    public static final String ROTATED_SECRET = "rotated-secret-2b7c1e5d9a4f";

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void ponteTestProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", () -> "5672");
        registry.add("ponte.publish.exchange", () -> TestBroker.EXCHANGE);
        registry.add("ponte.publish.parked-queue", () -> TestBroker.PARKED);
        registry.add("ponte.publish.unrouted-queue", () -> TestBroker.UNROUTED);
        registry.add("ponte.providers.cakto.secrets", () -> CAKTO_SECRET + "," + ROTATED_SECRET);
        registry.add("ponte.providers.arkama.secrets", () -> ARKAMA_TOKEN + "," + ROTATED_SECRET);
        registry.add("ponte.providers.abacatepay.secrets", () -> ABACATEPAY_SECRET + "," + ROTATED_SECRET);
        registry.add("ponte.providers.wiapy.secrets", () -> WIAPY_TOKEN + "," + ROTATED_SECRET);
    }

    protected WebhookClient webhooks() {
        return new WebhookClient(port);
    }
}
