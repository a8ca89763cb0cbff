package dev.ponte.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.ForwardTarget;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.TestMailServer;
import dev.ponte.support.WebhookClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The app with the console: the management server on a port of its own, the admin token, the real RabbitMQ with this
 * class's own exchange and queues (so no other test context consumes its events), a real SMTP server and a real
 * HTTP target for the destination routes. Each subclass chooses the event log's store.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class ConsoleTestSupport {

    /** 32+ characters, as the admin token must be. */
    static final String TOKEN = "console-admin-token-7d1e5b9c3a2f4e6d8b0a";
    static final TestMailServer MAIL = TestMailServer.start();
    static final ForwardTarget FORWARD = new ForwardTarget();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    /** Everything the app needs, with queue and exchange names of its own ({@code <run>-<name>.*}). */
    static void consoleProperties(DynamicPropertyRegistry registry, String name) {
        String prefix = TestBroker.RUN + "-" + name;
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", () -> "5672");
        registry.add("ponte.publish.exchange", () -> prefix + ".events");
        registry.add("ponte.publish.parked-queue", () -> prefix + ".parked");
        registry.add("ponte.publish.unrouted-queue", () -> prefix + ".unrouted");
        registry.add("ponte.delivery.queue-prefix", () -> prefix + ".");
        registry.add("ponte.delivery.dead-letter-exchange", () -> prefix + ".dlx");
        registry.add("ponte.providers.cakto.secrets", () -> PonteIntegrationTest.CAKTO_SECRET);
        registry.add("ponte.spool.dir", () -> TestBroker.tempDir("spool").toString());
        registry.add("ponte.delivery.max-attempts", () -> "3");
        registry.add("ponte.delivery.initial-delay", () -> "100ms");
        registry.add("ponte.delivery.multiplier", () -> "2");
        registry.add("ponte.delivery.max-delay", () -> "1s");
        registry.add("ponte.alerts.mail.host", () -> "127.0.0.1");
        registry.add("ponte.alerts.mail.port", MAIL::port);
        registry.add("ponte.alerts.chargeback.to", () -> "ops@ponte.test");
        registry.add("ponte.forward.url", FORWARD::url);
        registry.add("ponte.forward.secret", () -> PonteIntegrationTest.FORWARD_SECRET);
        registry.add("ponte.forward.allow-private", () -> "true");
        registry.add("ponte.admin.token", () -> TOKEN);
        registry.add("management.server.port", () -> "0");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteBrokerObjects(prefix), "console-test-cleanup"));
    }

    private static void deleteBrokerObjects(String prefix) {
        try {
            for (String route : List.of("chargeback-alert", "http-forward", "paid-orders")) {
                TestBroker.admin().deleteQueue(prefix + "." + route);
                TestBroker.admin().deleteQueue(prefix + "." + route + ".dlq");
            }
            TestBroker.admin().deleteQueue(prefix + ".parked");
            TestBroker.admin().deleteQueue(prefix + ".unrouted");
            TestBroker.admin().deleteExchange(prefix + ".events");
            TestBroker.admin().deleteExchange(prefix + ".unrouted");
            TestBroker.admin().deleteExchange(prefix + ".dlx");
        } catch (RuntimeException ignored) {
            // broker gone: nothing left to clean
        }
    }

    static String queue(String name, String route) {
        return TestBroker.RUN + "-" + name + "." + route;
    }

    WebhookClient webhooks() {
        return new WebhookClient(port);
    }

    WebhookClient management() {
        return new WebhookClient(managementPort);
    }

    /** A Cakto webhook of {@code fixture} for order {@code orderId}, as Cakto sends it. */
    WebhookClient.Response postCakto(String fixture, String orderId) {
        byte[] body = FixtureVariants.cakto(fixture, orderId).toString().getBytes(StandardCharsets.UTF_8);
        return webhooks().post("/webhooks/cakto", body, java.util.Map.of("User-Agent", "Cakto-Webhooks/1.0"));
    }

    WebhookClient.Response api(String method, String pathAndQuery) {
        return management().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + pathAndQuery))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    WebhookClient.Response get(String pathAndQuery) {
        return api("GET", pathAndQuery);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The API's answer once it satisfies {@code done} (the event log is written off the webhook's path). */
    JsonNode awaitJson(String pathAndQuery, Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            WebhookClient.Response response = get(pathAndQuery);
            if (response.status() != 200) {
                return false;
            }
            last[0] = response.json();
            return done.test(last[0]);
        });
        return last[0];
    }

    /** The delivery rows of an event at one route, once {@code count} are there. */
    List<JsonNode> awaitAttempts(String eventId, String route, int count) {
        JsonNode event = awaitJson("/admin/api/events/" + eventId, json -> attempts(json, route).size() >= count);
        return attempts(event, route);
    }

    static List<JsonNode> attempts(JsonNode event, String route) {
        List<JsonNode> rows = new java.util.ArrayList<>();
        event.path("deliveries").forEach(d -> {
            if (route.equals(d.path("route").asText()) && d.path("attempt").asInt() > 0) {
                rows.add(d);
            }
        });
        return rows;
    }
}
