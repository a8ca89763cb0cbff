package dev.ponte.support;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app as it runs: real HTTP on a random port, the real RabbitMQ on 127.0.0.1:5672 with this run's own
 * exchange and queues, and every provider's credential (its {@link ProviderTestKit}'s) configured. Subclasses
 * share one application context.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
public abstract class PonteIntegrationTest {

    // each provider's configured credential is its test kit's; these name them for the tests about one provider
    public static final String CAKTO_SECRET = ProviderTestKits.of("cakto").secret();
    public static final String ARKAMA_TOKEN = ProviderTestKits.of("arkama").secret();
    public static final String ABACATEPAY_SECRET = ProviderTestKits.of("abacatepay").secret();
    public static final String WIAPY_TOKEN = ProviderTestKits.of("wiapy").secret();
    /** A second, rotated-in secret accepted next to each provider's first one. */
    public static final String ROTATED_SECRET = "rotated-secret-2b7c1e5d9a4f";

    public static final String ADMIN_TOKEN = "admin-token-for-tests-5c2e-9b1d-4f7a";
    /** Standard Webhooks secret of the forwarding route: whsec_ + base64 of the key bytes. */
    public static final String FORWARD_SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("forward-signing-key-32-bytes-ok!".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    public static final String ALERT_RECIPIENT = "ops@ponte.test";

    /** The SMTP server of the alert e-mails, one for the whole run. */
    protected static final TestMailServer MAIL = TestMailServer.start();
    /** The HTTP server events are forwarded to, one for the whole run. */
    protected static final ForwardTarget FORWARD = new ForwardTarget();

    @LocalServerPort
    protected int port;

    /** The management port: actuator and the admin endpoints (never on {@link #port}). */
    @LocalManagementPort
    protected int managementPort;

    @DynamicPropertySource
    static void ponteTestProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", () -> "5672");
        TestBroker.isolate(registry);
        for (String provider : ProviderTestKits.names()) {
            registry.add("ponte.providers." + provider + ".secrets",
                    () -> ProviderTestKits.of(provider).secret() + "," + ROTATED_SECRET);
        }
        registry.add("ponte.spool.dir", () -> TestBroker.tempDir("spool").toString());
        registry.add("ponte.events.dir", () -> TestBroker.tempDir("events").toString());
        registry.add("ponte.delivery.max-attempts", () -> "3");
        registry.add("ponte.delivery.initial-delay", () -> "100ms");
        registry.add("ponte.delivery.multiplier", () -> "2");
        registry.add("ponte.delivery.max-delay", () -> "3s");
        registry.add("ponte.alerts.mail.host", () -> "127.0.0.1");
        registry.add("ponte.alerts.mail.port", MAIL::port);
        registry.add("ponte.alerts.mail.from", () -> "ponte@ponte.test");
        registry.add("ponte.alerts.chargeback.to", () -> ALERT_RECIPIENT);
        registry.add("ponte.forward.url", FORWARD::url);
        registry.add("ponte.forward.secret", () -> FORWARD_SECRET);
        registry.add("ponte.forward.allow-private", () -> "true");
        registry.add("ponte.admin.token", () -> ADMIN_TOKEN);
        registry.add("ponte.metrics.dlq-refresh", () -> "500ms");
    }

    protected WebhookClient webhooks() {
        return new WebhookClient(port);
    }

    /** A client of the management port. */
    protected WebhookClient management() {
        return new WebhookClient(managementPort);
    }
}
