package dev.ponte.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.PonteApplication;
import dev.ponte.event.EventJson;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A destination is a route file: a new YAML file in the routes folder receives events with no Java, and a
 * malformed one stops start-up naming the file and the line.
 */
// its own context, stopped after the class: its consumers would otherwise keep reconnecting to a deleted queue
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
class RouteFilesIT extends PonteIntegrationTest {

    private static final Path ROUTES = tempDir("ponte-routes-");
    private static final Path AUDIT = tempDir("ponte-audit-");

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void routesFolder(DynamicPropertyRegistry registry) throws IOException {
        Files.copy(Path.of("routes", "ponte-delivery.yaml"), ROUTES.resolve("ponte-delivery.yaml"));
        Files.writeString(ROUTES.resolve("audit-trail.yaml"), """
                # every event, as a JSON file named by its id
                - route:
                    id: audit-trail
                    routeConfigurationId: ponte-delivery
                    from:
                      uri: spring-rabbitmq:{{ponte.publish.exchange}}
                      parameters:
                        queues: "{{ponte.delivery.queue-prefix}}audit-trail"
                        routingKey: "order.*,cart.abandoned"
                        deadLetterQueue: "{{ponte.delivery.queue-prefix}}audit-trail.dlq"
                        deadLetterRoutingKey: "{{ponte.delivery.queue-prefix}}audit-trail"
                        concurrentConsumers: 2
                      steps:
                        - to: file:{{audit.dir}}?fileName=${header.CamelSpringRabbitmqMessageId}.json
                """);
        registry.add("ponte.routes.dir", ROUTES::toString);
        registry.add("audit.dir", AUDIT::toString);
    }

    @AfterAll
    static void deleteQueues() {
        TestBroker.deleteDestination(TestBroker.QUEUE_PREFIX + "audit-trail");
    }

    @Test
    void aNewRouteFileReceivesEventsWithoutJava() throws Exception {
        String orderId = UUID.randomUUID().toString();
        Response response = webhooks().post("/webhooks/cakto",
                FixtureVariants.cakto("purchase_approved.json", orderId).toString().getBytes());
        assertThat(response.status()).isEqualTo(200);
        String eventId = response.json().path("id").asText();
        Path written = AUDIT.resolve(eventId + ".json");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(written) && Files.size(written) > 0);
        JsonNode event = EventJson.mapper().readTree(written.toFile());
        assertThat(event.path("order").path("id").asText()).isEqualTo(orderId);
        // its queue was declared the Ponte way: durable, with a dead-letter queue
        assertThat(TestBroker.messageCount(TestBroker.QUEUE_PREFIX + "audit-trail.dlq")).isZero();
        // and consumed by as many consumers as the route file says
        assertThat(TestBroker.admin().getQueueInfo(TestBroker.QUEUE_PREFIX + "audit-trail").getConsumerCount())
                .isEqualTo(2);
    }

    @Test
    void aMalformedRouteFileStopsStartUpNamingFileAndLine() throws IOException {
        Path broken = Files.createTempDirectory("ponte-broken-routes-");
        Files.writeString(broken.resolve("broken-destination.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: spring-rabbitmq:ponte.events
                      steps:
                        - tooo: log:nothing
                """);
        assertThat(startUpFailure(broken)).contains("broken-destination.yaml").containsPattern("line \\d+");
    }

    @Test
    void aRouteNamingPonteDeliveryWithoutItsFileStopsStartUp() throws IOException {
        Path folder = Files.createTempDirectory("ponte-no-conventions-");
        Files.writeString(folder.resolve("lonely.yaml"), destination("lonely", true));
        assertThat(startUpFailure(folder)).contains("route lonely names routeConfigurationId ponte-delivery, which "
                + "is not loaded: copy routes/ponte-delivery.yaml");
    }

    @Test
    void aDestinationWithoutItsDeadLetterQueueStopsStartUp() throws IOException {
        Path folder = Files.createTempDirectory("ponte-no-dlq-");
        Files.copy(Path.of("routes", "ponte-delivery.yaml"), folder.resolve("ponte-delivery.yaml"));
        Files.writeString(folder.resolve("no-dlq.yaml"), destination("no-dlq", false));
        assertThat(startUpFailure(folder)).contains("route no-dlq names routeConfigurationId ponte-delivery but its "
                + "consumer sets no deadLetterQueue and deadLetterRoutingKey");
    }

    @Test
    void aFormerConsumerQueueRouteFileStopsStartUpPointingToPonteQueues() throws IOException {
        Path folder = Files.createTempDirectory("ponte-former-queue-");
        Files.writeString(folder.resolve("paid-orders-queue.yaml"), """
                - route:
                    id: paid-orders-queue
                    group: queue
                    autoStartup: false
                    from:
                      uri: spring-rabbitmq:ponte.events
                      parameters:
                        queues: "ponte.never-paid-orders"
                        routingKey: order.paid
                      steps:
                        - stop: {}
                """);
        assertThat(startUpFailure(folder)).contains("route paid-orders-queue is in group 'queue', the former way "
                + "of declaring a queue for your consumers: list it in ponte.queues instead");
    }

    /** A destination route that never starts (no queue of it is declared). */
    private static String destination(String id, boolean deadLetterQueue) {
        return """
                - route:
                    id: %s
                    routeConfigurationId: ponte-delivery
                    autoStartup: false
                    from:
                      uri: spring-rabbitmq:ponte.events
                      parameters:
                        queues: "ponte.never-%s"
                        routingKey: "never.sent"
                %s      steps:
                        - to: log:nothing
                """.formatted(id, id, deadLetterQueue ? """
                        deadLetterQueue: "ponte.never-%s.dlq"
                        deadLetterRoutingKey: "ponte.never-%s"
                """.formatted(id, id) : "");
    }

    /** Every message of the cause chain of the failed start-up with this routes folder. */
    private static String startUpFailure(Path routes) {
        StringBuilder messages = new StringBuilder();
        assertThatThrownBy(() -> new SpringApplicationBuilder(PonteApplication.class)
                .properties("server.port=0", "management.server.port=0", "ponte.routes.dir=" + routes,
                        "spring.rabbitmq.port=5672",
                        "ponte.publish.exchange=" + TestBroker.EXCHANGE,
                        "ponte.publish.parked-queue=" + TestBroker.PARKED,
                        "ponte.publish.unrouted-queue=" + TestBroker.UNROUTED)
                .run().close())
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        messages.append(t.getMessage()).append('\n');
                    }
                });
        return messages.toString();
    }
}
