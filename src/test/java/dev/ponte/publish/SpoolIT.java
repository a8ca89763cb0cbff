package dev.ponte.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import dev.ponte.support.BrokerProxy;
import dev.ponte.support.Fixtures;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker becomes unreachable for this app (a TCP proxy in front of RabbitMQ is cut): webhooks are answered
 * 202 spooled from the local journal, readiness stays UP, and once the broker is back every spooled event is
 * published exactly once.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class SpoolIT {

    private static final BrokerProxy PROXY = new BrokerProxy();
    private static String queue;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", PROXY::port);
        TestBroker.isolate(registry);
        registry.add("ponte.routes.dir", () -> "src/test/resources/no-routes");
        registry.add("ponte.providers.cakto.secrets", () -> "b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37");
        registry.add("ponte.spool.dir", () -> TestBroker.tempDir("spool-it").toString());
        registry.add("ponte.spool.drain-interval", () -> "200ms");
        registry.add("ponte.admin.token", () -> ADMIN_TOKEN);
    }

    private static final String ADMIN_TOKEN = "spool-it-admin-token-0123456789abcdef";

    @BeforeAll
    static void bindQueue() {
        queue = TestBroker.bindQueue("spool-all", "#");
    }

    @AfterAll
    static void cleanUp() {
        PROXY.close();
        TestBroker.delete(queue);
    }

    private static byte[] freshCakto(String orderId) throws Exception {
        ObjectNode body = (ObjectNode) EventJson.mapper().readTree(Fixtures.bytes("cakto", "purchase_approved.json"));
        ((ObjectNode) body.get("data")).put("id", orderId);
        return body.toString().getBytes();
    }

    @Test
    void webhooksDuringAnOutageAreSpooledAndPublishedExactlyOnceWhenTheBrokerIsBack() throws Exception {
        WebhookClient client = new WebhookClient(port);
        assertThat(client.post("/webhooks/cakto", freshCakto(UUID.randomUUID().toString())).status()).isEqualTo(200);
        TestBroker.purge(queue);

        PROXY.cut();
        int count = 200;
        Map<String, Integer> statuses = new HashMap<>();
        Set<String> ids = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] body = freshCakto("spool-" + i + "-" + UUID.randomUUID());
                answers.add(pool.submit(() -> client.post("/webhooks/cakto", body)));
            }
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                statuses.merge(response.status() + " " + response.json().path("status").asText(), 1, Integer::sum);
                ids.add(response.json().path("id").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).containsExactly(Map.entry("202 spooled", count));
        assertThat(ids).hasSize(count);
        WebhookClient management = new WebhookClient(managementPort);
        Response readiness = management.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        Response health = management.get("/actuator/health", ADMIN_TOKEN);
        assertThat(health.json().path("components").path("ponteIngress").path("details").path("spool")
                .path("depth").asInt()).isEqualTo(count);
        Response metrics = management.get("/actuator/prometheus");
        assertThat(metrics.body()).containsPattern("ponte_spool_depth(\\{[^}]*\\})? 200\\.0");

        PROXY.restore();
        await().atMost(Duration.ofSeconds(60)).until(() -> management.get("/actuator/health", ADMIN_TOKEN)
                .json().path("components").path("ponteIngress")
                .path("details").path("spool").path("depth").asInt() == 0);
        // a webhook after the drain is accepted directly and marks the end of what was published
        Response sentinel = client.post("/webhooks/cakto", freshCakto(UUID.randomUUID().toString()));
        assertThat(sentinel.status()).isEqualTo(200);
        List<JsonNode> published = TestBroker.receiveUntil(queue, sentinel.json().path("id").asText(), 20_000);
        List<String> publishedIds = published.stream().map(e -> e.path("id").asText())
                .filter(ids::contains).toList();
        assertThat(publishedIds).hasSize(count).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(published).hasSize(count + 1);
    }
}
