package dev.ponte.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import dev.ponte.support.BrokerProxy;
import dev.ponte.support.Fixtures;
import dev.ponte.support.TestBroker;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker goes away under load and comes back (a TCP proxy in front of RabbitMQ is cut, then restored), spool
 * off: webhooks during the outage get 503 with Retry-After quickly, every webhook answered 2xx is in the queue
 * exactly once, and a destination route reconnects by itself and loses none of its events.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerFaultIT {

    private static final BrokerProxy PROXY = new BrokerProxy();
    private static final Path AUDIT = TestBroker.tempDir("fault-audit");
    private static final String QUEUE = TestBroker.bindQueue("fault-all", "order.*");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", PROXY::port);
        TestBroker.isolate(registry);
        registry.add("ponte.routes.dir", () -> "src/test/resources/fault-routes");
        registry.add("fault.audit.dir", AUDIT::toString);
        registry.add("ponte.providers.cakto.secrets", () -> "b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37");
        registry.add("ponte.spool.enabled", () -> "false");
        registry.add("ponte.publish.confirm-timeout", () -> "2s");
    }

    @AfterAll
    static void cleanUp() {
        PROXY.close();
        TestBroker.delete(QUEUE);
        // the default delivery settings: their retry queues too
        TestBroker.deleteDestination(TestBroker.QUEUE_PREFIX + "fault-audit", new dev.ponte.config.PonteProperties.Delivery(
                5, Duration.ofSeconds(15), 3.0, Duration.ofMinutes(10), 0.15, "classic", TestBroker.DLX,
                TestBroker.QUEUE_PREFIX, null));
    }

    record Outcome(int status, String id, long millis, String retryAfter) {
    }

    private Outcome post() throws Exception {
        ObjectNode body = (ObjectNode) EventJson.mapper().readTree(Fixtures.bytes("cakto", "purchase_approved.json"));
        ((ObjectNode) body.get("data")).put("id", "fault-" + UUID.randomUUID());
        long started = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/webhooks/cakto")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        return new Outcome(response.statusCode(), EventJson.mapper().readTree(response.body()).path("id").asText(null),
                (System.nanoTime() - started) / 1_000_000, response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void anOutageUnderLoadLosesNothingAndRecoversWithoutRestart() throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        java.util.Queue<Outcome> concurrent = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(6);
        for (int t = 0; t < 6; t++) {
            load.submit(() -> {
                while (running.get()) {
                    concurrent.add(post());
                    if (concurrent.size() > 20_000) {
                        throw new IllegalStateException("runaway load");
                    }
                }
                return null;
            });
        }
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20)).until(() -> concurrent.stream().filter(o -> o.status() == 200).count() >= 100);
        PROXY.cut();
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20)).until(() -> concurrent.stream().filter(o -> o.status() == 503).count() >= 100);
        PROXY.restore();
        long acceptedBefore = concurrent.stream().filter(o -> o.status() == 200).count();
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).until(() ->
                concurrent.stream().filter(o -> o.status() == 200).count() >= acceptedBefore + 100);
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        outcomes.addAll(concurrent);

        Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        outcomes.forEach(o -> byStatus.merge(o.status(), 1L, Long::sum));
        assertThat(byStatus.keySet()).as("statuses %s", byStatus).containsOnly(200, 503);
        List<Outcome> refused = outcomes.stream().filter(o -> o.status() == 503).toList();
        assertThat(refused).allSatisfy(o -> {
            assertThat(o.retryAfter()).isEqualTo("30");
            assertThat(o.millis()).as("503 before the confirm timeout").isLessThan(2_500);
        });

        Set<String> accepted = new HashSet<>();
        outcomes.stream().filter(o -> o.status() == 200).forEach(o -> accepted.add(o.id()));
        List<String> inQueue = new ArrayList<>();
        while (true) {
            var event = TestBroker.receiveJson(QUEUE, 2_000);
            if (event == null) {
                break;
            }
            inQueue.add(event.path("id").asText());
        }
        assertThat(inQueue).doesNotHaveDuplicates();
        assertThat(new HashSet<>(inQueue)).containsAll(accepted);
        // a 503-answered event may still have reached the broker (its confirm was lost with the connection):
        // the provider's retry then finds a duplicate id, which consumers drop. Nothing answered 2xx is missing.

        // the destination route reconnected by itself: every accepted event reached it
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).until(() -> {
            try (Stream<Path> files = Files.list(AUDIT)) {
                Set<String> written = new HashSet<>();
                files.forEach(f -> written.add(f.getFileName().toString().replace(".json", "")));
                return written.containsAll(accepted);
            }
        });
        System.out.printf("broker fault: %s answered, %d accepted, %d refused, lost 0%n", outcomes.size(),
                accepted.size(), refused.size());
    }
}
