package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The declarations of destination routes, made Ponte's way. The spring-rabbitmq consumers of the route files
 * declare through this admin, so that a route file only names its queue and routing keys:
 * <ul>
 *   <li>the events exchange is Ponte's own (declared with its alternate exchange at start-up): not redeclared;</li>
 *   <li>every destination queue is durable, of the configured type (classic or quorum), and dead-letters into
 *       {@code <queue>.dlq} through the dead-letter exchange;</li>
 *   <li>beside it, one retry queue per backoff tier ({@link RetrySchedule}), where failed deliveries wait for
 *       their next try;</li>
 *   <li>a routing key may list several patterns, comma-separated: one binding each.</li>
 * </ul>
 * Every declaration is remembered and made again on each new broker connection, so Ponte starts while RabbitMQ is
 * down and its destination queues exist again after a broker comes back empty.
 */
public class DestinationAdmin implements AmqpAdmin {

    public static final String DLQ_SUFFIX = ".dlq";

    private static final Logger log = LoggerFactory.getLogger(DestinationAdmin.class);

    private final AmqpAdmin delegate;
    private final String eventsExchange;
    private final PonteProperties.Delivery delivery;
    private final RetrySchedule schedule;
    private final java.util.function.BooleanSupplier qpid;
    private final Map<String, Exchange> exchanges = new LinkedHashMap<>();
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Binding> bindings = new LinkedHashMap<>();

    public DestinationAdmin(AmqpAdmin delegate, String eventsExchange, PonteProperties.Delivery delivery) {
        this(delegate, eventsExchange, delivery, () -> false);
    }

    /**
     * @param qpid whether the broker is local mode's Qpid: a destination queue is then declared with
     *             {@code holdOnPublishEnabled}, Qpid's delayed delivery, which its retries use (Qpid takes a
     *             declare argument named like one of its queue attributes as that attribute, and only at creation)
     */
    public DestinationAdmin(AmqpAdmin delegate, String eventsExchange, PonteProperties.Delivery delivery,
                            java.util.function.BooleanSupplier qpid) {
        this.qpid = qpid;
        this.delegate = delegate;
        this.eventsExchange = eventsExchange;
        this.delivery = delivery;
        this.schedule = new RetrySchedule(delivery);
    }

    public static String deadLetterQueue(String queue) {
        return queue + DLQ_SUFFIX;
    }

    @Override
    public void declareExchange(Exchange exchange) {
        if (!exchange.getName().equals(eventsExchange)) {
            synchronized (this) {
                exchanges.put(exchange.getName(), exchange);
            }
            apply();
        }
    }

    @Override
    public String declareQueue(Queue queue) {
        String name = queue.getName();
        if (name.isBlank()) {
            throw new IllegalArgumentException("a destination route must name its queue (parameter 'queues')");
        }
        Map<String, Object> typed = Map.of("x-queue-type", delivery.queueType());
        Map<String, Object> arguments = new HashMap<>(queue.getArguments());
        arguments.putAll(typed);
        arguments.put("x-dead-letter-exchange", delivery.deadLetterExchange());
        arguments.put("x-dead-letter-routing-key", name);
        if (qpid.getAsBoolean()) {
            arguments.put("holdOnPublishEnabled", true);
        }
        synchronized (this) {
            exchanges.put(delivery.deadLetterExchange(), new DirectExchange(delivery.deadLetterExchange(), true, false));
            queues.put(deadLetterQueue(name), new Queue(deadLetterQueue(name), true, false, false, new HashMap<>(typed)));
            bindings.put(deadLetterQueue(name), new Binding(deadLetterQueue(name), Binding.DestinationType.QUEUE,
                    delivery.deadLetterExchange(), name, null));
            queues.put(name, new Queue(name, true, false, false, arguments));
            for (long ttl : schedule.tiers()) {
                String retry = RetrySchedule.retryQueue(name, ttl);
                queues.put(retry, new Queue(retry, true, false, false, retryArguments(name, ttl)));
            }
        }
        apply();
        return name;
    }

    /**
     * A retry queue: nobody consumes it; its messages expire after the tier's TTL (or their own, shorter,
     * expiration) and the broker dead-letters them through the default exchange back into the destination queue.
     * Quorum queues dead-letter at-least-once (which needs {@code reject-publish}); the default would drop a
     * message whose dead-lettering fails.
     */
    private Map<String, Object> retryArguments(String queue, long ttl) {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", delivery.queueType());
        arguments.put("x-message-ttl", ttl);
        arguments.put("x-dead-letter-exchange", "");
        arguments.put("x-dead-letter-routing-key", queue);
        if ("quorum".equals(delivery.queueType())) {
            arguments.put("x-dead-letter-strategy", "at-least-once");
            arguments.put("x-overflow", "reject-publish");
        }
        return arguments;
    }

    @Override
    public void declareBinding(Binding binding) {
        String keys = binding.getRoutingKey() == null ? "" : binding.getRoutingKey();
        synchronized (this) {
            Arrays.stream(keys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).forEach(key ->
                    bindings.put(binding.getDestination() + "|" + binding.getExchange() + "|" + key,
                            new Binding(binding.getDestination(), binding.getDestinationType(), binding.getExchange(),
                                    key, binding.getArguments())));
        }
        apply();
    }

    /**
     * Declares everything remembered. While the broker is unreachable this only logs: the next connection
     * declares it all again. A declaration the broker refuses (a queue of another type or arguments) fails loudly.
     */
    public void apply() {
        List<Exchange> exchangeList;
        List<Queue> queueList;
        List<Binding> bindingList;
        // copy under the lock, declare outside it: declaring opens a connection, whose listener calls apply() on
        // another thread; holding the lock across that would deadlock
        synchronized (this) {
            exchangeList = List.copyOf(exchanges.values());
            queueList = List.copyOf(queues.values());
            bindingList = List.copyOf(bindings.values());
        }
        try {
            exchangeList.forEach(delegate::declareExchange);
            queueList.forEach(delegate::declareQueue);
            bindingList.forEach(delegate::declareBinding);
        } catch (AmqpConnectException e) {
            log.warn("RabbitMQ not reachable: destination queues are declared once it is ({})", e.getMessage());
        }
    }

    @Override
    public boolean deleteExchange(String exchangeName) {
        return delegate.deleteExchange(exchangeName);
    }

    @Override
    public Queue declareQueue() {
        throw new UnsupportedOperationException("destination queues are named in their route file");
    }

    @Override
    public boolean deleteQueue(String queueName) {
        return delegate.deleteQueue(queueName);
    }

    @Override
    public void deleteQueue(String queueName, boolean unused, boolean empty) {
        delegate.deleteQueue(queueName, unused, empty);
    }

    @Override
    public void purgeQueue(String queueName, boolean noWait) {
        delegate.purgeQueue(queueName, noWait);
    }

    @Override
    public int purgeQueue(String queueName) {
        return delegate.purgeQueue(queueName);
    }

    @Override
    public void removeBinding(Binding binding) {
        delegate.removeBinding(binding);
    }

    @Override
    public Properties getQueueProperties(String queueName) {
        return delegate.getQueueProperties(queueName);
    }

    @Override
    public QueueInformation getQueueInfo(String queueName) {
        return delegate.getQueueInfo(queueName);
    }

    @Override
    public void initialize() {
        delegate.initialize();
        apply();
    }
}
