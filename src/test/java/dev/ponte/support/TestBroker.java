package dev.ponte.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;
import dev.ponte.config.PonteProperties;
import dev.ponte.publish.RabbitTopology;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The real RabbitMQ of the tests (127.0.0.1:5672, guest/guest). Each test run uses its own exchange and queue
 * names ({@link #RUN}), so runs never see each other's messages; everything a run declares is deleted when the
 * JVM exits, and every queue a test binds is deleted by that test.
 */
public final class TestBroker {

    public static final String RUN = "ponte-test-" + UUID.randomUUID().toString().substring(0, 8);
    public static final String EXCHANGE = RUN + ".events";
    public static final String PARKED = RUN + ".parked";
    public static final String UNROUTED = RUN + ".unrouted";
    public static final String DLX = RUN + ".dlx";
    /** Prefix of the destination queues of the route files during this run. */
    public static final String QUEUE_PREFIX = RUN + ".";
    /** The destination queues the shipped route files declare (each with its .dlq). */
    public static final java.util.List<String> ROUTE_QUEUES = java.util.List.of(
            QUEUE_PREFIX + "chargeback-alert", QUEUE_PREFIX + "http-forward", QUEUE_PREFIX + "paid-orders");

    private static final CachingConnectionFactory CONNECTIONS = connectionFactory();
    private static final RabbitAdmin ADMIN = new RabbitAdmin(CONNECTIONS);
    private static final RabbitTemplate TEMPLATE = new RabbitTemplate(CONNECTIONS);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestBroker::deleteRunObjects, "test-broker-cleanup"));
        // the same topology the app declares, so tests can bind before the app's first connection
        RabbitTopology.declarables(new PonteProperties.Publish(EXCHANGE, PARKED, UNROUTED, Duration.ofSeconds(5), 2))
                .getDeclarables().forEach(d -> {
                    if (d instanceof Exchange e) {
                        ADMIN.declareExchange(e);
                    } else if (d instanceof Queue q) {
                        ADMIN.declareQueue(q);
                    } else if (d instanceof Binding b) {
                        ADMIN.declareBinding(b);
                    }
                });
    }

    private TestBroker() {
    }

    private static CachingConnectionFactory connectionFactory() {
        CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", 5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory;
    }

    /** A fresh temporary folder, deleted when the JVM exits. */
    public static java.nio.file.Path tempDir(String prefix) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(RUN + "-" + prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** This run's exchange, queues and dead-letter names, for an app context of its own. */
    public static void isolate(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("ponte.publish.exchange", () -> EXCHANGE);
        registry.add("ponte.publish.parked-queue", () -> PARKED);
        registry.add("ponte.publish.unrouted-queue", () -> UNROUTED);
        registry.add("ponte.delivery.queue-prefix", () -> QUEUE_PREFIX);
        registry.add("ponte.delivery.dead-letter-exchange", () -> DLX);
    }

    /** Points the application at a loopback port nothing listens on: it starts without a broker. */
    public static void unreachable(org.springframework.test.context.DynamicPropertyRegistry registry) {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", () -> String.valueOf(closedPort));
    }

    public static RabbitAdmin admin() {
        return ADMIN;
    }

    public static RabbitTemplate template() {
        return TEMPLATE;
    }

    /** A durable queue of this run bound to the run's exchange; delete it with {@link #delete(String)}. */
    public static String bindQueue(String name, String... routingKeys) {
        String queueName = RUN + "." + name;
        Queue queue = QueueBuilder.durable(queueName).build();
        ADMIN.declareQueue(queue);
        TopicExchange exchange = new TopicExchange(EXCHANGE, true, false);
        for (String key : routingKeys) {
            ADMIN.declareBinding(BindingBuilder.bind(queue).to(exchange).with(key));
        }
        return queueName;
    }

    public static void delete(String queue) {
        ADMIN.deleteQueue(queue);
    }

    /** The delivery settings of {@link PonteIntegrationTest}. */
    public static PonteProperties.Delivery testDelivery() {
        return new PonteProperties.Delivery(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(3), 0.15, "classic",
                DLX, QUEUE_PREFIX, null);
    }

    /** A destination queue with its dead-letter queue and the retry queues of {@link #testDelivery()}. */
    public static void deleteDestination(String queue) {
        deleteDestination(queue, testDelivery());
    }

    public static void deleteDestination(String queue, PonteProperties.Delivery delivery) {
        ADMIN.deleteQueue(queue);
        ADMIN.deleteQueue(queue + ".dlq");
        new dev.ponte.delivery.RetrySchedule(delivery).retryQueues(queue).forEach(ADMIN::deleteQueue);
    }

    public static void purge(String queue) {
        ADMIN.purgeQueue(queue, false);
    }

    /** The next message of a queue, waiting up to {@code timeoutMillis}; null when none came. */
    public static Message receive(String queue, long timeoutMillis) {
        return TEMPLATE.receive(queue, timeoutMillis);
    }

    public static JsonNode receiveJson(String queue, long timeoutMillis) {
        Message message = receive(queue, timeoutMillis);
        if (message == null) {
            return null;
        }
        try {
            return EventJson.mapper().readTree(message.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every message until one whose event id is {@code lastId} (inclusive). */
    public static List<JsonNode> receiveUntil(String queue, String lastId, long timeoutMillis) {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            JsonNode event = receiveJson(queue, Math.max(1, deadline - System.currentTimeMillis()));
            if (event == null) {
                break;
            }
            events.add(event);
            if (lastId.equals(event.path("id").asText())) {
                return events;
            }
        }
        throw new AssertionError("event " + lastId + " never arrived in " + queue + "; got " + events.size());
    }

    public static int messageCount(String queue) {
        var info = ADMIN.getQueueInfo(queue);
        return info == null ? -1 : info.getMessageCount();
    }

    static void deleteRunObjects() {
        try {
            for (String queue : ROUTE_QUEUES) {
                deleteDestination(queue);
            }
            ADMIN.deleteQueue(QUEUE_PREFIX + dev.ponte.delivery.DestinationBindings.REGISTRY_SUFFIX);
            ADMIN.deleteExchange(DLX);
            ADMIN.deleteQueue(PARKED);
            ADMIN.deleteQueue(UNROUTED);
            ADMIN.deleteExchange(EXCHANGE);
            ADMIN.deleteExchange(UNROUTED);
            CONNECTIONS.destroy();
        } catch (RuntimeException ignored) {
            // broker gone: nothing left to clean
        }
    }

}
