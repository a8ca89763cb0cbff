package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.ForwardTarget;
import dev.ponte.support.ForwardTarget.Answer;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.PrivateBroker;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

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
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * The retry schedule lives in the broker: Ponte killed with SIGKILL during a backoff, or RabbitMQ restarted during
 * one, and the event's tries go on where they were, counted from where they were.
 */
class DeliveryRestartIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ForwardTarget TARGET = new ForwardTarget();
    /** 3 tries, 3 s then 4.5 s apart: long enough to act during the first wait. */
    private static final PonteProperties.Delivery DELIVERY = new PonteProperties.Delivery(3, Duration.ofSeconds(3),
            1.5, Duration.ofSeconds(20), 0.0, "classic", TestBroker.DLX, TestBroker.RUN + ".restart.", null);
    private static final String QUEUE = DELIVERY.queuePrefix() + "http-forward";

    @AfterAll
    static void cleanUp() {
        TestBroker.deleteDestination(QUEUE, DELIVERY);
        TestBroker.delete(DELIVERY.queuePrefix() + DestinationBindings.REGISTRY_SUFFIX);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The management port of the app started last. */
    private static volatile int managementPort;

    private static Process start(int port, int brokerPort, String log) throws IOException {
        int managementPort = freePort();
        DeliveryRestartIT.managementPort = managementPort;
        Path routes = Files.createTempDirectory("ponte-restart-routes");
        Files.copy(Path.of("routes", "ponte-delivery.yaml"), routes.resolve("ponte-delivery.yaml"));
        Files.copy(Path.of("routes", "http-forward.yaml"), routes.resolve("http-forward.yaml"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.ponte.PonteApplication",
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--spring.rabbitmq.host=127.0.0.1",
                "--spring.rabbitmq.port=" + brokerPort,
                "--ponte.publish.exchange=" + TestBroker.EXCHANGE,
                "--ponte.publish.parked-queue=" + TestBroker.PARKED,
                "--ponte.publish.unrouted-queue=" + TestBroker.UNROUTED,
                "--ponte.delivery.dead-letter-exchange=" + DELIVERY.deadLetterExchange(),
                "--ponte.delivery.queue-prefix=" + DELIVERY.queuePrefix(),
                "--ponte.delivery.max-attempts=" + DELIVERY.maxAttempts(),
                "--ponte.delivery.initial-delay=" + DELIVERY.initialDelay().toMillis() + "ms",
                "--ponte.delivery.multiplier=" + DELIVERY.multiplier(),
                "--ponte.delivery.max-delay=" + DELIVERY.maxDelay().toMillis() + "ms",
                "--ponte.delivery.jitter=" + DELIVERY.jitter(),
                "--ponte.routes.dir=" + routes,
                "--ponte.providers.cakto.secrets=" + PonteIntegrationTest.CAKTO_SECRET,
                "--ponte.spool.dir=" + TestBroker.tempDir("restart-spool"),
                "--ponte.forward.url=" + TARGET.url(),
                "--ponte.forward.secret=" + PonteIntegrationTest.FORWARD_SECRET,
                "--ponte.forward.allow-private=true"));
        ProcessBuilder builder = new ProcessBuilder(command);
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

    private static String failForever() {
        String orderId = "restart-" + UUID.randomUUID();
        Answer[] failing = new Answer[20];
        Arrays.fill(failing, Answer.of(500));
        TARGET.script(orderId, failing);
        return orderId;
    }

    private static void post(int port, String orderId) {
        WebhookClient.Response response = new WebhookClient(port).post("/webhooks/cakto",
                FixtureVariants.cakto("purchase_approved.json", orderId).toString().getBytes());
        assertThat(response.status()).isEqualTo(200);
    }

    /**
     * The first wait's retry queue holds the event and the try is over (Camel counted the route's exchange done, so
     * the original is acknowledged): Ponte is in the middle of a backoff. The copy shows in the retry queue before the
     * try is over; a kill in between would leave the original unacknowledged too, and it would be tried once more
     * than the schedule says (at least once, by design), which is not what this test is about.
     */
    private static void awaitFirstBackoff(String orderId, ToIntFunction<String> messageCount) {
        String firstTier = RetrySchedule.retryQueue(QUEUE, new RetrySchedule(DELIVERY).tiers().get(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> TARGET.requestsWith(orderId).size() == 1
                && messageCount.applyAsInt(firstTier) == 1 && firstTryDone());
    }

    private static boolean firstTryDone() throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().anyMatch(line -> line.startsWith("camel_exchanges_total{")
                && line.contains("routeId=\"http-forward\"") && line.endsWith(" 1.0"));
    }

    private static void assertTriedThenDeadLettered(String orderId, RabbitTemplate template) {
        String dlq = QUEUE + ".dlq";
        Message dead = template.receive(dlq, 60_000);
        assertThat(dead).as("dead letter").isNotNull();
        assertThat(new String(dead.getBody())).contains(orderId);
        assertThat(dead.getMessageProperties().getHeaders()).containsEntry("x-ponte-attempts", 3);
        // max-attempts tries in all, across the restart: the count went on, it did not start again
        assertThat(TARGET.requestsWith(orderId)).hasSize(3).allMatch(r -> r.answered() == 500);
        for (ForwardTarget.Received request : TARGET.requestsWith(orderId)) {
            try {
                DeliveryIsolationIT.verifyStandardWebhook(request);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void ponteKilledDuringABackoffGoesOnWithTheTriesAfterARestart() throws Exception {
        String orderId = failForever();
        int port = freePort();
        Process first = start(port, 5672, "restart-app-1.log");
        try {
            post(port, orderId);
            awaitFirstBackoff(orderId, TestBroker::messageCount);
        } finally {
            first.destroyForcibly(); // SIGKILL
            first.waitFor(30, TimeUnit.SECONDS);
        }
        Process second = start(freePort(), 5672, "restart-app-2.log");
        try {
            assertTriedThenDeadLettered(orderId, TestBroker.template());
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void rabbitmqRestartedDuringABackoffAndTheTriesGoOn() throws Exception {
        assumeTrue(PrivateBroker.available(), "RabbitMQ server installed");
        try (PrivateBroker broker = new PrivateBroker("ponte-restart")) {
            broker.start();
            String orderId = failForever();
            int port = freePort();
            Process app = start(port, broker.port(), "restart-broker-app.log");
            try {
                post(port, orderId);
                awaitFirstBackoff(orderId, broker::messageCount);
                broker.stop();
                broker.start();
                assertTriedThenDeadLettered(orderId, broker.template());
            } finally {
                app.destroy();
                app.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }
}
