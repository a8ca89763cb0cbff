package dev.ponte.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import com.rabbitmq.client.GetResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read from the broker on a schedule (not at scrape time, so a slow broker never slows the metrics endpoint):
 * <ul>
 *   <li>{@code ponte_dlq_depth{route}}: messages waiting in each destination route's dead-letter queue;</li>
 *   <li>for each queue for consumers ({@code ponte.queues}): its dead-letter queue's depth as
 *       {@code ponte_dlq_depth{route=<its name in ponte.queues>}}, {@code ponte_queue_depth{queue}}
 *       (messages ready) and {@code ponte_queue_oldest_age_seconds{queue}}, the age of the message at its head
 *       (from its timestamp, the moment Ponte received the webhook). Reading the head means taking it and handing
 *       it straight back (it is then marked redelivered); quorum queues count that as a delivery towards their
 *       delivery limit, so with {@code ponte.delivery.queue-type=quorum} the age is not read.</li>
 * </ul>
 */
public class DeadLetterDepth {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDepth.class);

    private final CamelContext camel;
    private final ConsumerQueues consumerQueues;
    private final AmqpAdmin admin;
    private final MeterRegistry registry;
    private final RabbitTemplate template;
    private final boolean readAge;
    private final Clock clock;
    private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> queueDepths = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> queueAges = new ConcurrentHashMap<>();

    public DeadLetterDepth(CamelContext camel, ConsumerQueues consumerQueues, AmqpAdmin admin, MeterRegistry registry,
                           ConnectionFactory connectionFactory, String queueType, Clock clock) {
        this.camel = camel;
        this.consumerQueues = consumerQueues;
        this.admin = admin;
        this.registry = registry;
        this.template = new RabbitTemplate(connectionFactory);
        this.readAge = !"quorum".equals(queueType);
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${ponte.metrics.dlq-refresh:15s}",
            fixedDelayString = "${ponte.metrics.dlq-refresh:15s}")
    public void refresh() {
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof SpringRabbitMQEndpoint endpoint && endpoint.getQueues() != null
                    && endpoint.getDeadLetterQueue() != null) {
                refreshDeadLetters(route.getRouteId(), endpoint.getDeadLetterQueue());
            }
        }
        for (ConsumerQueues.ConsumerQueue queue : consumerQueues.all()) {
            refreshConsumerQueue(queue.queue());
            refreshDeadLetters(queue.name(), queue.deadLetterQueue());
        }
    }

    private void refreshDeadLetters(String route, String dlq) {
        AtomicLong depth = depths.computeIfAbsent(route, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("ponte.dlq.depth", value, AtomicLong::get)
                    .description("Messages in the dead-letter queue of a destination route")
                    .tag("route", id).register(registry);
            return value;
        });
        try {
            QueueInformation info = admin.getQueueInfo(dlq);
            depth.set(info == null ? 0 : info.getMessageCount());
        } catch (RuntimeException e) {
            // broker unreachable: keep the last known depth
        }
    }

    private void refreshConsumerQueue(String queue) {
        AtomicLong depth = queueDepths.computeIfAbsent(queue, q -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("ponte.queue.depth", value, AtomicLong::get)
                    .description("Messages ready in a queue for consumers").tag("queue", q).register(registry);
            return value;
        });
        AtomicLong age = !readAge ? null : queueAges.computeIfAbsent(queue, q -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("ponte.queue.oldest.age.seconds", value, AtomicLong::get)
                    .description("Age of the oldest message ready in a queue for consumers")
                    .tag("queue", q).register(registry);
            return value;
        });
        try {
            QueueInformation info = admin.getQueueInfo(queue);
            int count = info == null ? 0 : info.getMessageCount();
            depth.set(count);
            if (age != null) {
                age.set(count == 0 ? 0 : headAgeSeconds(queue));
            }
        } catch (RuntimeException e) {
            log.debug("queue {} not read now: {}", queue, e.toString());
        }
    }

    private long headAgeSeconds(String queue) {
        Long seconds = template.execute(channel -> {
            GetResponse head = channel.basicGet(queue, false);
            if (head == null) {
                return 0L;
            }
            channel.basicNack(head.getEnvelope().getDeliveryTag(), false, true);
            Date timestamp = head.getProps().getTimestamp();
            return timestamp == null ? 0L
                    : Math.max(0L, Duration.between(timestamp.toInstant(), clock.instant()).toSeconds());
        });
        return seconds == null ? 0 : seconds;
    }
}
