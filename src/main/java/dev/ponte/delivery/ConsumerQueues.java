package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;

import java.util.List;
import java.util.Map;

/**
 * Queues for the user's own consumers, {@code ponte.queues}: each a durable queue {@code <prefix><name>} of
 * {@code ponte.delivery.queue-type}, bound to the events exchange by each of its routing keys, dead-lettering into
 * {@code <queue>.dlq} through {@code ponte.delivery.dead-letter-exchange}. Ponte never consumes them. Declared
 * through {@link DestinationAdmin}, so again on every new broker connection.
 */
public class ConsumerQueues {

    /** One queue for consumers: its setting's name, the queue, its dead-letter queue and routing keys. */
    public record ConsumerQueue(String name, String queue, String deadLetterQueue, List<String> routingKeys) {
    }

    private static final Logger log = LoggerFactory.getLogger(ConsumerQueues.class);

    private final List<ConsumerQueue> queues;
    private final String eventsExchange;
    private final PonteProperties.Delivery delivery;

    public ConsumerQueues(PonteProperties properties) {
        this.eventsExchange = properties.publish().exchange();
        this.delivery = properties.delivery();
        this.queues = properties.queues().stream().map(q -> {
            String queue = delivery.queuePrefix() + q.name();
            return new ConsumerQueue(q.name(), queue, DestinationAdmin.deadLetterQueue(queue), q.routingKeys());
        }).toList();
    }

    public List<ConsumerQueue> all() {
        return queues;
    }

    void declareAll(DestinationAdmin admin) {
        for (ConsumerQueue queue : queues) {
            try {
                Map<String, Object> typed = Map.of("x-queue-type", delivery.queueType());
                admin.declareExchange(new DirectExchange(delivery.deadLetterExchange(), true, false));
                admin.declareQueue(new Queue(queue.deadLetterQueue(), true, false, false, typed), false);
                admin.declareBinding(new Binding(queue.deadLetterQueue(), Binding.DestinationType.QUEUE,
                        delivery.deadLetterExchange(), queue.queue(), null));
                admin.declareQueue(new Queue(queue.queue(), true, false, false, Map.of(
                        "x-queue-type", delivery.queueType(),
                        "x-dead-letter-exchange", delivery.deadLetterExchange(),
                        "x-dead-letter-routing-key", queue.queue())), false);
                for (String key : queue.routingKeys()) {
                    admin.declareBinding(new Binding(queue.queue(), Binding.DestinationType.QUEUE, eventsExchange,
                            key, null));
                }
            } catch (AmqpException e) {
                log.warn("Could not declare queue {} now ({}); declared on the next broker connection", queue.queue(),
                        e.getMessage());
            }
        }
    }
}
