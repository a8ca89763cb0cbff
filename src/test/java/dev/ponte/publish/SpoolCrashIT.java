package dev.ponte.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import dev.ponte.support.BrokerProxy;
import dev.ponte.support.Fixtures;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ponte as its own process: killed with SIGKILL while its spool holds events, a restart still delivers them; and
 * stopped with SIGTERM under load, every webhook it answered 2xx is in the queue.
 */
class SpoolCrashIT {

    private static final BrokerProxy PROXY = new BrokerProxy();
    private static final String QUEUE = TestBroker.bindQueue("crash-all", "#");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterAll
    static void cleanUp() {
        PROXY.close();
        TestBroker.delete(QUEUE);
        TestBroker.delete(TestBroker.QUEUE_PREFIX + "crash." + dev.ponte.delivery.DestinationBindings.REGISTRY_SUFFIX);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process start(int port, Path spool, String log) throws IOException {
        return start(port, spool, spool.resolve("ids"), log);
    }

    private static Process start(int port, Path spool, Path ids, String log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int managementPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.ponte.PonteApplication",
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--spring.rabbitmq.host=127.0.0.1",
                "--spring.rabbitmq.port=" + PROXY.port(),
                "--ponte.publish.exchange=" + TestBroker.EXCHANGE,
                "--ponte.publish.parked-queue=" + TestBroker.PARKED,
                "--ponte.publish.unrouted-queue=" + TestBroker.UNROUTED,
                "--ponte.delivery.queue-prefix=" + TestBroker.QUEUE_PREFIX + "crash.",
                "--ponte.delivery.dead-letter-exchange=" + TestBroker.DLX,
                "--ponte.routes.dir=src/test/resources/no-routes",
                "--ponte.providers.cakto.secrets=b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37",
                "--ponte.spool.dir=" + spool,
                "--ponte.idempotency.dir=" + ids,
                "--ponte.spool.drain-interval=200ms");
        builder.redirectErrorStream(true).redirectOutput(new File("target", log));
        Process process = builder.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(process.isAlive()).as("app process alive (see target/%s)", log).isTrue();
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (ConnectException e) {
                return false;
            }
        });
        return process;
    }

    private static byte[] freshCakto() throws IOException {
        ObjectNode body = (ObjectNode) EventJson.mapper().readTree(Fixtures.bytes("cakto", "purchase_approved.json"));
        ((ObjectNode) body.get("data")).put("id", "crash-" + UUID.randomUUID());
        return body.toString().getBytes();
    }

    private static Set<String> publishedIds(int atLeast) {
        Set<String> ids = new HashSet<>();
        List<String> all = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (ids.size() < atLeast && System.currentTimeMillis() < deadline) {
            JsonNode event = TestBroker.receiveJson(QUEUE, 1_000);
            if (event != null) {
                ids.add(event.path("id").asText());
                all.add(event.path("id").asText());
            }
        }
        assertThat(all).as("no event published twice").doesNotHaveDuplicates();
        return ids;
    }

    /**
     * Also: the process started with no broker says what webhooks get (202 spooled) without a stack trace, and the
     * ids survive the crash with the default store: a spooled webhook posted again after the restart (after its
     * event was drained from the spool) is a duplicate, not a second event.
     */
    @Test
    void spooledEventsSurviveSigkillAndAreDeliveredAfterRestart() throws Exception {
        Path spool = TestBroker.tempDir("crash-spool");
        PROXY.cut();
        int port = freePort();
        Process first = start(port, spool, "crash-app-1.log");
        Set<String> spooled = new HashSet<>();
        byte[] again = null;
        try {
            WebhookClient client = new WebhookClient(port);
            for (int i = 0; i < 20; i++) {
                byte[] body = freshCakto();
                again = body;
                WebhookClient.Response response = client.post("/webhooks/cakto", body);
                assertThat(response.status()).isEqualTo(202);
                assertThat(response.json().path("status").asText()).isEqualTo("spooled");
                spooled.add(response.json().path("id").asText());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(Path.of("target", "crash-app-1.log"))
                    .contains("webhooks are answered 202 spooled"));
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readAllLines(Path.of("target", "crash-app-1.log")))
                .as("no stack trace while the broker is down").noneMatch(line -> line.startsWith("\tat "));
        PROXY.restore();
        TestBroker.purge(QUEUE);
        int secondPort = freePort();
        Process second = start(secondPort, spool, "crash-app-2.log");
        try {
            assertThat(publishedIds(20)).containsExactlyInAnyOrderElementsOf(spooled);
            WebhookClient.Response duplicate = new WebhookClient(secondPort).post("/webhooks/cakto", again);
            assertThat(duplicate.status()).isEqualTo(200);
            assertThat(duplicate.json().path("status").asText()).as("posted again after the restart")
                    .isEqualTo("duplicate");
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermUnderLoadLosesNoAcceptedWebhook() throws Exception {
        PROXY.restore();
        int port = freePort();
        Process app = start(port, TestBroker.tempDir("sigterm-spool"), "sigterm-app.log");
        TestBroker.purge(QUEUE);
        Set<String> answered2xx = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger notAnswered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 400; i++) {
                pool.submit(() -> {
                    try {
                        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/webhooks/cakto"))
                                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(freshCakto())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                        if (response.statusCode() / 100 == 2) {
                            answered2xx.add(EventJson.mapper().readTree(response.body()).path("id").asText());
                        }
                    } catch (IOException refusedOrCutOff) {
                        // after SIGTERM new connections are refused: the provider retries them
                        notAnswered.incrementAndGet();
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> answered2xx.size() >= 50);
            app.destroy(); // SIGTERM: graceful shutdown
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        } finally {
            pool.shutdown();
            pool.awaitTermination(60, TimeUnit.SECONDS);
            app.destroyForcibly();
        }
        assertThat(answered2xx).hasSizeGreaterThanOrEqualTo(50);
        assertThat(statuses.keySet()).as("answers by status %s (%d refused at the socket)", statuses,
                notAnswered.get()).allMatch(status -> status / 100 == 2);
        assertThat(publishedIds(answered2xx.size())).containsAll(answered2xx);
        System.out.printf("SpoolCrashIT SIGTERM: answers %s, %d refused at the socket, %d accepted, all published%n",
                statuses, notAnswered.get(), answered2xx.size());
    }
}
