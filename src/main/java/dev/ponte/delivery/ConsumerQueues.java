package dev.ponte.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;

/**
 * Queues for the user's own consumers: a route file in group {@value #GROUP} (with {@code autoStartup: false})
 * only declares its durable queue, its bindings and its dead-letter queue; Ponte never consumes it. Declared when
 * the app starts and again on every new broker connection.
 */
public class ConsumerQueues {

    public static final String GROUP = "queue";

    private static final Logger log = LoggerFactory.getLogger(ConsumerQueues.class);

    private final CamelContext camel;
    private final DestinationAdmin admin;

    public ConsumerQueues(CamelContext camel, DestinationAdmin admin) {
        this.camel = camel;
        this.admin = admin;
    }

    public void declareAll() {
        for (Route route : camel.getRoutes()) {
            if (!GROUP.equals(route.getGroup()) || !(route.getEndpoint() instanceof SpringRabbitMQEndpoint endpoint)) {
                continue;
            }
            if (camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                throw new IllegalStateException("route " + route.getRouteId() + " is in group '" + GROUP
                        + "' (a queue for your consumers) and must have autoStartup: false");
            }
            try {
                endpoint.declareElements(null, admin);
            } catch (AmqpException e) {
                log.warn("Could not declare queue of route {} now ({}); retried on the next broker connection",
                        route.getRouteId(), e.getMessage());
            }
        }
    }
}
