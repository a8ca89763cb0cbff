package dev.ponte.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ponte_dlq_depth{route}}: messages waiting in each destination route's dead-letter queue, read from the
 * broker on a schedule (not at scrape time, so a slow broker never slows the metrics endpoint).
 */
public class DeadLetterDepth {

    private final CamelContext camel;
    private final AmqpAdmin admin;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();

    public DeadLetterDepth(CamelContext camel, AmqpAdmin admin, MeterRegistry registry) {
        this.camel = camel;
        this.admin = admin;
        this.registry = registry;
    }

    public void refresh() {
        for (Route route : camel.getRoutes()) {
            if (!(route.getEndpoint() instanceof SpringRabbitMQEndpoint)) {
                continue;
            }
            String dlq = DestinationAdmin.deadLetterQueue(DeadLetters.queueOf(route.getEndpoint()));
            AtomicLong depth = depths.computeIfAbsent(route.getRouteId(), id -> {
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
    }
}
