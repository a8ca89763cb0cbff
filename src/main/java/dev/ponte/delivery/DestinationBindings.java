package dev.ponte.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A switched-off or removed destination keeps no binding to the events exchange, so no event piles up for it.
 * <p>
 * AMQP cannot list bindings, so Ponte remembers what it bound: the durable queue {@code <prefix>destination-bindings}
 * holds one message per destination queue with its routing keys. At start-up (and on the first broker connection
 * after a start-up without one) Ponte reads it, adds the queues of its route files that are switched off
 * ({@code autoStartup} false), and unbinds from the events exchange every key of a
 * {@code <prefix>} queue that no running route claims now: a route stopped like {@code http-forward} without a
 * URL, a deleted route file, a routing key taken out of a file. Each removal is logged. A queue that has consumers
 * right now is left bound (another instance runs that route), and so is a queue for the user's own consumers
 * ({@code ponte.queues}, now or when it was recorded): unbinding those is the user's call. AMQP has no way to list
 * bindings and Camel's endpoint keeps no record of them, hence this registry; the keys it records are read from the
 * routes' endpoints ({@code routingKey}) and from {@code ponte.queues}. Then the registry is replaced by
 * what is claimed or kept now (published with a confirm before the old entries are acknowledged, so a crash in
 * between leaves both, never none). The queues themselves and what they hold are left alone: a destination
 * switched back on delivers what waited.
 */
public class DestinationBindings {

    public static final String REGISTRY_SUFFIX = "destination-bindings";

    private static final Logger log = LoggerFactory.getLogger(DestinationBindings.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext camel;
    private final ConsumerQueues consumerQueueSettings;
    private final AbstractConnectionFactory connectionFactory;
    private final String eventsExchange;
    private final String queuePrefix;
    private final String queueType;
    private final Duration confirmTimeout;
    private volatile boolean pending = true;

    public DestinationBindings(CamelContext camel, ConsumerQueues consumerQueues, AbstractConnectionFactory connectionFactory, String eventsExchange,
                               String queuePrefix, String queueType, Duration confirmTimeout) {
        this.camel = camel;
        this.consumerQueueSettings = consumerQueues;
        this.connectionFactory = connectionFactory;
        this.eventsExchange = eventsExchange;
        this.queuePrefix = queuePrefix;
        this.queueType = queueType;
        this.confirmTimeout = confirmTimeout;
    }

    public String registryQueue() {
        return queuePrefix + REGISTRY_SUFFIX;
    }

    /** Reconciles unless done already since start-up; logs instead of failing while the broker is unreachable. */
    public void reconcileIfPending() {
        if (!pending || !camel.isStarted()) {
            return;
        }
        try {
            reconcile();
            pending = false;
        } catch (Exception e) {
            log.warn("Could not check the destination bindings now ({}); checked again on the next broker connection",
                    e.toString());
        }
    }

    /** @return the bindings removed, queue → keys */
    public synchronized Map<String, Set<String>> reconcile() throws Exception {
        Map<String, Set<String>> claimed = new TreeMap<>();
        Map<String, Set<String>> candidates = new TreeMap<>();
        Set<String> consumerQueues = new TreeSet<>();
        for (Route route : camel.getRoutes()) {
            if (!(route.getEndpoint() instanceof SpringRabbitMQEndpoint endpoint)
                    || !eventsExchange.equals(endpoint.getExchangeName()) || endpoint.getQueues() == null) {
                continue;
            }
            String queue = DeadLetters.queueOf(endpoint);
            Set<String> keys = keys(endpoint.getRoutingKey());
            if (camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                claimed.computeIfAbsent(queue, q -> new TreeSet<>()).addAll(keys);
            } else {
                candidates.computeIfAbsent(queue, q -> new TreeSet<>()).addAll(keys);
            }
        }
        for (ConsumerQueues.ConsumerQueue queue : consumerQueueSettings.all()) {
            consumerQueues.add(queue.queue());
            claimed.computeIfAbsent(queue.queue(), q -> new TreeSet<>()).addAll(queue.routingKeys());
        }
        Map<String, Set<String>> removed = new LinkedHashMap<>();
        Map<String, Set<String>> kept = new TreeMap<>();
        try (Connection connection = connectionFactory.getRabbitConnectionFactory().newConnection("ponte-bindings")) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            channel.queueDeclare(registryQueue(), true, false, false, Map.of("x-queue-type", queueType));
            long lastTag = -1;
            for (GetResponse entry = channel.basicGet(registryQueue(), false); entry != null;
                 entry = channel.basicGet(registryQueue(), false)) {
                lastTag = entry.getEnvelope().getDeliveryTag();
                try {
                    JsonNode node = JSON.readTree(entry.getBody());
                    String queue = node.path("queue").asText();
                    Set<String> keys = candidates.computeIfAbsent(queue, q -> new TreeSet<>());
                    node.path("keys").forEach(key -> keys.add(key.asText()));
                    if (node.path("consumerQueue").asBoolean(false)) {
                        consumerQueues.add(queue);
                    }
                } catch (IOException e) {
                    log.warn("Ignoring an unreadable entry of {}", registryQueue());
                }
            }
            for (Map.Entry<String, Set<String>> candidate : candidates.entrySet()) {
                String queue = candidate.getKey();
                Set<String> stale = new TreeSet<>(candidate.getValue());
                stale.removeAll(claimed.getOrDefault(queue, Set.of()));
                if (!queue.startsWith(queuePrefix) || queue.equals(registryQueue()) || stale.isEmpty()) {
                    continue;
                }
                // a queue for the user's consumers is theirs to unbind; a queue someone consumes (another instance
                // running the route) is still in use
                if (consumerQueues.contains(queue) || consumers(connection, queue) != 0) {
                    kept.computeIfAbsent(queue, q -> new TreeSet<>()).addAll(stale);
                    continue;
                }
                for (String key : stale) {
                    if (unbind(connection, queue, key)) {
                        removed.computeIfAbsent(queue, q -> new TreeSet<>()).add(key);
                        log.info("Removed the binding '{}' of queue {} from {}: no running route consumes it, so "
                                + "events would pile up there (the queue and what it holds are kept)", key, queue,
                                eventsExchange);
                    }
                }
            }
            Map<String, Set<String>> remembered = new TreeMap<>(kept);
            claimed.forEach((queue, keys) -> remembered.computeIfAbsent(queue, q -> new TreeSet<>()).addAll(keys));
            for (Map.Entry<String, Set<String>> entry : remembered.entrySet()) {
                byte[] body = JSON.writeValueAsBytes(Map.of("queue", entry.getKey(), "keys", entry.getValue(),
                        "consumerQueue", consumerQueues.contains(entry.getKey())));
                channel.basicPublish("", registryQueue(), true,
                        new AMQP.BasicProperties.Builder().deliveryMode(2).contentType("application/json").build(),
                        body);
            }
            channel.waitForConfirmsOrDie(confirmTimeout.toMillis());
            if (lastTag >= 0) {
                channel.basicAck(lastTag, true);
            }
            channel.close();
        }
        return removed;
    }

    /** Consumers of a queue now; 0 when it does not exist. */
    private static long consumers(Connection connection, String queue) throws IOException {
        Channel channel = connection.createChannel();
        try {
            return channel.queueDeclarePassive(queue).getConsumerCount();
        } catch (IOException e) {
            return 0;
        } finally {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (Exception ignored) {
                    // closing a channel the broker already closed
                }
            }
        }
    }

    /** Unbinding a missing binding is fine; a missing queue closes the channel, so each gets its own. */
    private boolean unbind(Connection connection, String queue, String key) throws IOException {
        Channel channel = connection.createChannel();
        try {
            channel.queueUnbind(queue, eventsExchange, key);
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (Exception ignored) {
                    // closing a channel the broker already closed
                }
            }
        }
    }

    private static Set<String> keys(String routingKey) {
        Set<String> keys = new TreeSet<>();
        if (routingKey != null) {
            Arrays.stream(routingKey.split(",")).map(String::trim).filter(k -> !k.isEmpty()).forEach(keys::add);
        }
        return keys;
    }
}
