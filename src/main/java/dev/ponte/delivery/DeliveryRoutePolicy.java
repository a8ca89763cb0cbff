package dev.ponte.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Around every try of a destination route ({@code routeConfigurationId: ponte-delivery}): before it, waits while
 * the route's circuit is open ({@link DestinationCircuits}); after it, tells the circuit and every
 * {@link DeliveryAttemptListener} how it went, and counts deliveries.
 */
public class DeliveryRoutePolicy extends RoutePolicySupport {

    /** The id of the shared route configuration in routes/ponte-delivery.yaml. */
    public static final String ROUTE_CONFIGURATION = "ponte-delivery";

    static final String ATTEMPT_PROPERTY = "ponteDeliveryAttempt";
    static final String EVENT_ID_PROPERTY = "ponteDeliveryEventId";
    static final String STARTED_AT_PROPERTY = "ponteDeliveryStartedAt";
    static final String STARTED_NANOS_PROPERTY = "ponteDeliveryStartedNanos";
    static final String PERMITTED_PROPERTY = "ponteDeliveryPermitted";

    private static final Logger log = LoggerFactory.getLogger(DeliveryRoutePolicy.class);

    private final DestinationCircuits circuits;
    private final DeliveryMetrics metrics;
    private final Supplier<List<DeliveryAttemptListener>> listenerBeans;
    private final Clock clock;
    private volatile List<DeliveryAttemptListener> listeners;

    /** @param listeners looked up at the first try (they may be beans created after the routes) */
    public DeliveryRoutePolicy(DestinationCircuits circuits, DeliveryMetrics metrics,
                               Supplier<List<DeliveryAttemptListener>> listeners, Clock clock) {
        this.circuits = circuits;
        this.metrics = metrics;
        this.listenerBeans = listeners;
        this.clock = clock;
    }

    private List<DeliveryAttemptListener> listeners() {
        List<DeliveryAttemptListener> resolved = listeners;
        if (resolved == null) {
            resolved = List.copyOf(listenerBeans.get());
            listeners = resolved;
        }
        return resolved;
    }

    /**
     * A route naming {@value #ROUTE_CONFIGURATION} needs that route configuration loaded (else Camel would
     * silently run the route with its default error handling); and a consumer that names its dead-letter queue
     * ({@link #onInit}).
     */
    static void checkConventions(CamelContext camel, RouteDefinition route) {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        boolean loaded = model != null && model.getRouteConfigurationDefinitions().stream()
                .anyMatch(c -> ROUTE_CONFIGURATION.equals(c.getId()));
        if (!loaded) {
            throw new IllegalStateException("route " + route.getId() + " names routeConfigurationId "
                    + ROUTE_CONFIGURATION + ", which is not loaded: copy routes/ponte-delivery.yaml into the routes "
                    + "folder (ponte.routes.dir)");
        }
    }

    @Override
    public void onInit(Route route) {
        super.onInit(route);
        if (route.getEndpoint() instanceof SpringRabbitMQEndpoint rabbit
                && (rabbit.getDeadLetterQueue() == null || rabbit.getDeadLetterRoutingKey() == null)) {
            throw new IllegalStateException("route " + route.getRouteId() + " names routeConfigurationId "
                    + ROUTE_CONFIGURATION + " but its consumer sets no deadLetterQueue and deadLetterRoutingKey: "
                    + "add deadLetterQueue: \"<queue>.dlq\" and deadLetterRoutingKey: \"<queue>\" to its parameters");
        }
    }

    /** The number of this try: the tries the event's headers record, plus one. */
    static int attemptOf(Exchange exchange) {
        Integer attempt = exchange.getProperty(ATTEMPT_PROPERTY, Integer.class);
        if (attempt != null) {
            return attempt;
        }
        Object before = exchange.getIn().getHeader(DeadLetters.HEADER_ATTEMPTS);
        int tried = 0;
        if (before instanceof Number number) {
            tried = number.intValue();
        } else if (before != null) {
            try {
                tried = Integer.parseInt(before.toString().trim());
            } catch (NumberFormatException ignored) {
                // a header someone else set: count from the start
            }
        }
        return Math.max(0, tried) + 1;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        String routeId = route.getRouteId();
        exchange.setProperty(ATTEMPT_PROPERTY, attemptOf(exchange));
        exchange.setProperty(EVENT_ID_PROPERTY, exchange.getIn().getHeader(SpringRabbitMQConstants.MESSAGE_ID,
                String.class));
        boolean permitted;
        try {
            permitted = circuits.awaitPermission(routeId, () -> isStopping(route));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            permitted = false;
        }
        exchange.setProperty(PERMITTED_PROPERTY, permitted);
        exchange.setProperty(STARTED_AT_PROPERTY, clock.instant());
        exchange.setProperty(STARTED_NANOS_PROPERTY, System.nanoTime());
    }

    private static boolean isStopping(Route route) {
        var context = route.getCamelContext();
        return context.isStopping() || context.isStopped()
                || !context.getRouteController().getRouteStatus(route.getRouteId()).isStarted();
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        String routeId = route.getRouteId();
        Long startedNanos = exchange.getProperty(STARTED_NANOS_PROPERTY, Long.class);
        Duration took = startedNanos == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startedNanos);
        Instant at = exchange.getProperty(STARTED_AT_PROPERTY, clock.instant(), Instant.class);
        boolean permitted = exchange.getProperty(PERMITTED_PROPERTY, false, Boolean.class);
        DeliveryAttempt.Outcome outcome = exchange.getProperty(DeliveryFailures.OUTCOME_PROPERTY,
                DeliveryAttempt.Outcome.class);
        Throwable failure = exchange.getProperty(DeliveryFailures.FAILURE_PROPERTY, Throwable.class);
        if (exchange.getException() != null) {
            // the failure could not be put in a retry or dead-letter queue: the consumer rejects the event, and
            // its queue's dead-letter exchange moves it to the dead-letter queue
            failure = failure == null ? exchange.getException() : failure;
            outcome = DeliveryAttempt.Outcome.DEAD_LETTERED;
        }
        if (outcome == null) {
            outcome = DeliveryAttempt.Outcome.DELIVERED;
            metrics.delivered(routeId);
            circuits.succeeded(routeId, permitted, took);
        } else if (failure == null || exchange.getProperty(DeliveryFailures.PERMANENT_PROPERTY, false, Boolean.class)) {
            circuits.neutral(routeId, permitted);
        } else {
            circuits.failed(routeId, permitted, took, failure);
        }
        List<DeliveryAttemptListener> listeners = listeners();
        if (listeners.isEmpty()) {
            return;
        }
        DeliveryAttempt attempt = new DeliveryAttempt(routeId, exchange.getProperty(EVENT_ID_PROPERTY, String.class),
                exchange.getProperty(ATTEMPT_PROPERTY, 1, Integer.class), outcome, statusOf(exchange, failure),
                failure == null ? null : DeadLetters.describe(failure), at, took);
        for (DeliveryAttemptListener listener : listeners) {
            try {
                listener.onAttempt(attempt);
            } catch (RuntimeException e) {
                log.warn("delivery attempt listener {} failed: {}", listener.getClass().getName(), e.toString());
            }
        }
    }

    /** The destination's answer: the HTTP status, or an SMTP server's reply code; null when it gave none. */
    static Integer statusOf(Exchange exchange, Throwable failure) {
        if (failure == null) {
            return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return http.getStatusCode();
            }
            Integer smtp = smtpReplyCode(t);
            if (smtp != null) {
                return smtp;
            }
            if (t instanceof jakarta.mail.SendFailedException sendFailed && sendFailed.getNextException() != null
                    && sendFailed.getNextException() != t) {
                smtp = smtpReplyCode(sendFailed.getNextException());
                if (smtp != null) {
                    return smtp;
                }
            }
        }
        return null;
    }

    /** Angus Mail's SMTP exceptions carry the server's reply code ({@code getReturnCode}). */
    private static Integer smtpReplyCode(Throwable t) {
        try {
            Method method = t.getClass().getMethod("getReturnCode");
            Object code = method.invoke(t);
            return code instanceof Integer value && value > 0 ? value : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
