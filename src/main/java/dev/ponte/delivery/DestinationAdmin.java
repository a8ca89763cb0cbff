package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The declarations of destination routes, made Ponte's way. The spring-rabbitmq consumers of the route files
 * declare through this admin, so that a route file only names its queue and routing keys:
 * <ul>
 *   <li>the events exchange is Ponte's own (declared with its alternate exchange at start-up): not redeclared;</li>
 *   <li>every destination queue is durable, of the configured type (classic or quorum), and dead-letters into
 *       {@code <queue>.dlq} through the dead-letter exchange;</li>
 *   <li>a routing key may list several patterns, comma-separated: one binding each.</li>
 * </ul>
 */
public class DestinationAdmin implements AmqpAdmin {

    public static final String DLQ_SUFFIX = ".dlq";

    private final AmqpAdmin delegate;
    private final String eventsExchange;
    private final PonteProperties.Delivery delivery;

    public DestinationAdmin(AmqpAdmin delegate, String eventsExchange, PonteProperties.Delivery delivery) {
        this.delegate = delegate;
        this.eventsExchange = eventsExchange;
        this.delivery = delivery;
    }

    public static String deadLetterQueue(String queue) {
        return queue + DLQ_SUFFIX;
    }

    @Override
    public void declareExchange(Exchange exchange) {
        if (!exchange.getName().equals(eventsExchange)) {
            delegate.declareExchange(exchange);
        }
    }

    @Override
    public String declareQueue(Queue queue) {
        String name = queue.getName();
        if (name.isBlank()) {
            throw new IllegalArgumentException("a destination route must name its queue (parameter 'queues')");
        }
        Map<String, Object> typed = Map.of("x-queue-type", delivery.queueType());
        delegate.declareExchange(new DirectExchange(delivery.deadLetterExchange(), true, false));
        delegate.declareQueue(new Queue(deadLetterQueue(name), true, false, false, new HashMap<>(typed)));
        delegate.declareBinding(new Binding(deadLetterQueue(name), Binding.DestinationType.QUEUE,
                delivery.deadLetterExchange(), name, null));
        Map<String, Object> arguments = new HashMap<>(queue.getArguments());
        arguments.putAll(typed);
        arguments.put("x-dead-letter-exchange", delivery.deadLetterExchange());
        arguments.put("x-dead-letter-routing-key", name);
        return delegate.declareQueue(new Queue(name, true, false, false, arguments));
    }

    @Override
    public void declareBinding(Binding binding) {
        String keys = binding.getRoutingKey() == null ? "" : binding.getRoutingKey();
        Arrays.stream(keys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).forEach(key ->
                delegate.declareBinding(new Binding(binding.getDestination(), binding.getDestinationType(),
                        binding.getExchange(), key, binding.getArguments())));
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
    }
}
