package dev.ponte.delivery;

import dev.ponte.ingress.ConfirmedSender;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * Puts a delivery that failed for good into its route's dead-letter queue, {@code <queue>.dlq}, with why and after
 * how many tries, and waits for the broker's confirm: only then is the original acknowledged. Should this publish
 * fail, the exception makes the consumer reject the original, and the broker dead-letters it into the same queue
 * through the queue's dead-letter exchange: it is never lost.
 */
public class DeadLetters {

    public static final String ATTEMPTS_PROPERTY = "ponteDeliveryAttempts";
    public static final String DEAD_LETTERED_PROPERTY = "ponteDeadLettered";
    public static final String HEADER_REASON = "x-ponte-failure-reason";
    public static final String HEADER_ATTEMPTS = "x-ponte-attempts";
    public static final String HEADER_ROUTE = "x-ponte-route";
    public static final String HEADER_FAILED_AT = "x-ponte-failed-at";
    public static final String HEADER_ROUTING_KEY = "x-ponte-routing-key";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_REASON = 500;

    private final ConfirmedSender sender;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final DeliveryAttempts attempts;

    public DeadLetters(ConfirmedSender sender, DeliveryMetrics metrics, Clock clock, DeliveryAttempts attempts) {
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
        this.attempts = attempts;
    }

    /** Counts a failed try; runs right after each failure (onExceptionOccurred). */
    public static void countAttempt(Exchange exchange) {
        Integer attempts = exchange.getProperty(ATTEMPTS_PROPERTY, 0, Integer.class);
        exchange.setProperty(ATTEMPTS_PROPERTY, attempts + 1);
    }

    /** The destination queue a route consumes from (its first queue). */
    public static String queueOf(Endpoint endpoint) {
        if (endpoint instanceof SpringRabbitMQEndpoint rabbit && rabbit.getQueues() != null) {
            return rabbit.getQueues().split(",")[0].trim();
        }
        throw new IllegalStateException("not a destination route: " + (endpoint == null ? null : endpoint.getEndpointUri()));
    }

    public void deadLetter(Exchange exchange) {
        String queue = queueOf(exchange.getFromEndpoint());
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempts = Math.max(1, exchange.getProperty(ATTEMPTS_PROPERTY, 1, Integer.class));
        String reason = describe(failure);
        var in = exchange.getIn();

        MessageProperties props = new MessageProperties();
        props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setMessageId(in.getHeader(SpringRabbitMQConstants.MESSAGE_ID, String.class));
        for (Map.Entry<String, Object> header : in.getHeaders().entrySet()) {
            if (!header.getKey().startsWith("Camel") && header.getValue() != null) {
                props.setHeader(header.getKey(), header.getValue());
            }
        }
        props.setHeader(HEADER_REASON, reason);
        props.setHeader(HEADER_ATTEMPTS, attempts);
        props.setHeader(HEADER_ROUTE, exchange.getFromRouteId());
        props.setHeader(HEADER_FAILED_AT, clock.instant().toString());
        props.setHeader(HEADER_ROUTING_KEY, in.getHeader(SpringRabbitMQConstants.ROUTING_KEY, String.class));
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            String text = in.getBody(String.class);
            body = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        }
        String dlq = DestinationAdmin.deadLetterQueue(queue);
        try {
            sender.send("", dlq, new Message(body, props), props.getMessageId());
        } finally {
            // sent, or rejected by the consumer into the same queue through the dead-letter exchange
            this.attempts.report(exchange, DeliveryAttempt.Outcome.DEAD_LETTERED, attempts);
        }
        exchange.setProperty(DEAD_LETTERED_PROPERTY, true);
        metrics.deadLettered(exchange.getFromRouteId());
        log.warn("delivery dead-lettered route={} id={} attempts={} queue={} reason=\"{}\"", exchange.getFromRouteId(),
                props.getMessageId(), attempts, dlq, reason);
    }

    /** A short reason without payload or credentials: HTTP failures by status only (their URI may hold a token). */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown";
        }
        if (failure instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode() + (http.getStatusText() != null ? " " + http.getStatusText() : "");
        }
        String message = failure.getMessage();
        String reason = failure.getClass().getSimpleName() + (message != null ? ": " + message : "");
        Throwable cause = failure.getCause();
        if (cause != null && cause != failure && cause.getMessage() != null) {
            reason += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        reason = reason.replaceAll("[\\r\\n\\t]+", " ");
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    }
}
