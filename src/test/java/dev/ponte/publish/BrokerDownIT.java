package dev.ponte.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import dev.ponte.support.Fixtures;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ponte pointed at a closed port, spool off: it starts anyway, reports the broker DOWN, and answers webhooks 503
 * with Retry-After, quickly, instead of a 2xx that would lose them. Wiapy has no token configured here: fail
 * closed.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerDownIT {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    /** The port of this class's broker, where nothing listens. */
    static int closedPort;

    @DynamicPropertySource
    static void closedBroker(DynamicPropertyRegistry registry) {
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", () -> String.valueOf(closedPort));
        registry.add("ponte.publish.exchange", () -> "ponte-test-down.events");
        registry.add("ponte.providers.cakto.secrets", () -> "b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37");
        // without the spool a broker outage is a 503 (with it: 202 spooled, see SpoolIT)
        registry.add("ponte.spool.enabled", () -> "false");
        registry.add("ponte.admin.token", () -> ADMIN_TOKEN);
    }

    private static final String ADMIN_TOKEN = "broker-down-admin-token-0123456789abcdef";

    @Test
    void webhooksGet503WithRetryAfterWhileTheBrokerIsUnreachable() throws Exception {
        ObjectNode body = (ObjectNode) EventJson.mapper().readTree(Fixtures.bytes("cakto", "purchase_approved.json"));
        ((ObjectNode) body.get("data")).put("id", UUID.randomUUID().toString());
        long started = System.nanoTime();
        Response response = new WebhookClient(port).post("/webhooks/cakto", body.toString().getBytes());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.raw().headers().firstValue("Retry-After")).hasValue("30");
        assertThat(response.json().path("error").asText()).isEqualTo("unavailable");
        assertThat(millis).as("answered before the 5 s confirm timeout").isLessThan(5_000);

        // not remembered as published: the provider's retry is published once the broker is back
        Response again = new WebhookClient(port).post("/webhooks/cakto", body.toString().getBytes());
        assertThat(again.status()).isEqualTo(503);
    }

    @Test
    void healthShowsTheBrokerDown() {
        Response health = new WebhookClient(managementPort).get("/actuator/health", ADMIN_TOKEN);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().path("components").path("rabbit").path("status").asText()).isEqualTo("DOWN");
    }

    @Autowired
    BrokerOutageReporter reporter;

    /**
     * While the broker is down the log says so once a minute, with the true answer (here 503: the spool is off), and
     * neither the destination consumers' reconnection attempts (every 5 s) nor the health polls add stack traces.
     */
    @Test
    void theOutageIsReportedTrulyWithoutStackTraces() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            WebhookClient client = new WebhookClient(port);
            for (int i = 0; i < 6; i++) {
                new WebhookClient(managementPort).get("/actuator/health", ADMIN_TOKEN);
                ObjectNode body = (ObjectNode) EventJson.mapper().readTree(Fixtures.bytes("cakto",
                        "purchase_approved.json"));
                ((ObjectNode) body.get("data")).put("id", UUID.randomUUID().toString());
                assertThat(client.post("/webhooks/cakto", body.toString().getBytes()).status()).isEqualTo(503);
                // over two reconnection rounds of the destination consumers (every 5 s)
                Thread.sleep(1_000);
            }
            reporter.check();
        } finally {
            root.detachAppender(logged);
        }
        List<ILoggingEvent> events = List.copyOf(logged.list);
        assertThat(events).as("log events with a stack trace")
                .filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
        // this context's reporter (a context of another class that failed to start can leave its own running)
        List<String> outage = events.stream().filter(e -> e.getLoggerName().equals(BrokerOutageReporter.class.getName()))
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(":" + closedPort + " ")).toList();
        assertThat(outage).hasSize(1);
        assertThat(outage.get(0)).contains("unreachable").contains("503 with Retry-After")
                .contains("ponte.spool.enabled=false");
        assertThat(events).as("nothing but the outage report and the webhook outcomes at WARN or above")
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getLoggerName).containsOnly(BrokerOutageReporter.class.getName());
    }

    @Test
    void providerWithoutSecretsRefusesEverything() {
        Response response = new WebhookClient(port).post("/webhooks/wiapy", Fixtures.bytes("wiapy", "paid.json"),
                Map.of("Authorization", ""));
        assertThat(response.status()).isEqualTo(401);
        Response withToken = new WebhookClient(port).post("/webhooks/wiapy", Fixtures.bytes("wiapy", "paid.json"),
                Map.of("Authorization", "anything"));
        assertThat(withToken.status()).isEqualTo(401);
    }
}
