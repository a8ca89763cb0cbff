package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
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
 * The admin the spring-rabbitmq consumers of the route files declare through. What a queue is declared with comes
 * from Camel's own endpoint options (the route file's {@code deadLetterQueue} and {@code deadLetterRoutingKey}, the
 * component's {@code dead-letter-exchange} and {@code args} in application.yaml); this admin adds only what Camel
 * cannot express:
 * <ul>
 *   <li>the events exchange is Ponte's own (declared with its alternate exchange at start-up): not redeclared;</li>
 *   <li>beside every queue that dead-letters (a destination queue), one retry queue per backoff tier
 *       ({@link RetrySchedule}), of the same queue type, where failed deliveries wait for their next try;</li>
 *   <li>a routing key may list several patterns, comma-separated: one binding each (Camel binds the whole text as
 *       one key);</li>
 *   <li>every declaration is remembered and made again on each new broker connection, so Ponte starts while
 *       RabbitMQ is down and its destination queues exist again after a broker comes back empty.</li>
 * </ul>
 */
public class DestinationAdmin implements AmqpAdmin {

    public static final String DLQ_SUFFIX = ".dlq";

    private static final Logger log = LoggerFactory.getLogger(DestinationAdmin.class);

    private final AmqpAdmin delegate;
    private final String eventsExchange;
    private final RetrySchedule schedule;
    private final java.util.function.BooleanSupplier qpid;
    private final Map<String, Exchange> exchanges = new LinkedHashMap<>();
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Binding> bindings = new LinkedHashMap<>();

    public DestinationAdmin(AmqpAdmin delegate, String eventsExchange, PonteProperties.Delivery delivery) {
        this(delegate, eventsExchange, delivery, () -> false);
    }

    /**
     * @param qpid whether the broker is local mode's Qpid: a queue that dead-letters is then declared with
     *             {@code holdOnPublishEnabled}, Qpid's delayed delivery, which its retries use (Qpid takes a
     *             declare argument named like one of its queue attributes as that attribute, and only at creation)
     */
    public DestinationAdmin(AmqpAdmin delegate, String eventsExchange, PonteProperties.Delivery delivery,
                            java.util.function.BooleanSupplier qpid) {
        this.qpid = qpid;
        this.delegate = delegate;
        this.eventsExchange = eventsExchange;
        this.schedule = new RetrySchedule(delivery);
    }

    /** The dead-letter queue of a queue for consumers ({@code ponte.queues}) and local mode's convention. */
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
        return declareQueue(queue, true);
    }

    /** @param retries whether a queue that dead-letters gets its retry queues (a consumer queue does not) */
    String declareQueue(Queue queue, boolean retries) {
        String name = queue.getName();
        if (name.isBlank()) {
            throw new IllegalArgumentException("a destination route must name its queue (parameter 'queues')");
        }
        boolean deadLetters = queue.getArguments().containsKey("x-dead-letter-exchange");
        Map<String, Object> arguments = new HashMap<>(queue.getArguments());
        if (deadLetters && qpid.getAsBoolean()) {
            arguments.put("holdOnPublishEnabled", true);
        }
        Object type = queue.getArguments().getOrDefault("x-queue-type", "classic");
        synchronized (this) {
            queues.put(name, new Queue(name, queue.isDurable(), queue.isExclusive(), queue.isAutoDelete(), arguments));
            if (deadLetters && retries) {
                for (long ttl : schedule.tiers()) {
                    String retry = RetrySchedule.retryQueue(name, ttl);
                    queues.put(retry, new Queue(retry, true, false, false, retryArguments(name, type, ttl)));
                }
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
    private static Map<String, Object> retryArguments(String queue, Object type, long ttl) {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", type);
        arguments.put("x-message-ttl", ttl);
        arguments.put("x-dead-letter-exchange", "");
        arguments.put("x-dead-letter-routing-key", queue);
        if ("quorum".equals(type)) {
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
