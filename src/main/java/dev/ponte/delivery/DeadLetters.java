package dev.ponte.delivery;

import dev.ponte.publish.ConfirmedSender;
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
 * Puts a delivery that failed for good into its route's dead-letter queue (its {@code deadLetterQueue}), with why
 * and after how many tries, and waits for the broker's confirm: only then is the original acknowledged. Should this
 * publish fail, the exception makes the consumer reject the original, and the broker dead-letters it into the same
 * queue through the queue's dead-letter exchange: it is never lost.
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

    public DeadLetters(ConfirmedSender sender, DeliveryMetrics metrics, Clock clock) {
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The destination queue a route consumes from (its first queue). */
    public static String queueOf(Endpoint endpoint) {
        if (endpoint instanceof SpringRabbitMQEndpoint rabbit && rabbit.getQueues() != null) {
            return rabbit.getQueues().split(",")[0].trim();
        }
        throw new IllegalStateException("not a destination route: " + (endpoint == null ? null : endpoint.getEndpointUri()));
    }

    /** The dead-letter queue a destination route names ({@code deadLetterQueue} of its consumer endpoint). */
    public static String deadLetterQueueOf(Endpoint endpoint) {
        if (endpoint instanceof SpringRabbitMQEndpoint rabbit && rabbit.getDeadLetterQueue() != null
                && !rabbit.getDeadLetterQueue().isBlank()) {
            return rabbit.getDeadLetterQueue();
        }
        throw new IllegalStateException("no deadLetterQueue: " + (endpoint == null ? null : endpoint.getEndpointUri()));
    }

    public void deadLetter(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempts = Math.max(1, exchange.getProperty(ATTEMPTS_PROPERTY, 1, Integer.class));
        String reason = describe(failure);

        MessageProperties props = copyOf(exchange);
        props.setHeader(HEADER_REASON, reason);
        props.setHeader(HEADER_ATTEMPTS, attempts);
        props.setHeader(HEADER_ROUTE, exchange.getFromRouteId());
        props.setHeader(HEADER_FAILED_AT, clock.instant().toString());
        String dlq = deadLetterQueueOf(exchange.getFromEndpoint());
        sender.send("", dlq, new Message(body(exchange), props), props.getMessageId());
        exchange.setProperty(DEAD_LETTERED_PROPERTY, true);
        metrics.deadLettered(exchange.getFromRouteId());
        log.warn("delivery dead-lettered route={} id={} attempts={} queue={} reason=\"{}\"", exchange.getFromRouteId(),
                props.getMessageId(), attempts, dlq, reason);
    }

    /**
     * The properties of the event as it came from its queue (the original message, before any route step): its
     * id, timestamp and headers, without the broker's own dead-letter history, and with the event's routing key
     * in {@value #HEADER_ROUTING_KEY} (after a retry queue the broker delivers it with the queue's name instead).
     */
    static MessageProperties copyOf(Exchange exchange) {
        var in = exchange.getIn();
        MessageProperties props = new MessageProperties();
        props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setMessageId(in.getHeader(SpringRabbitMQConstants.MESSAGE_ID, String.class));
        java.util.Date timestamp = in.getHeader(SpringRabbitMQConstants.TIMESTAMP, java.util.Date.class);
        if (timestamp != null) {
            props.setTimestamp(timestamp);
        }
        for (Map.Entry<String, Object> header : in.getHeaders().entrySet()) {
            String name = header.getKey();
            if (!name.startsWith("Camel") && header.getValue() != null && !name.equals("x-death")
                    && !name.startsWith("x-first-death-") && !name.startsWith("x-last-death-")
                    && !name.equals(DeliveryFailures.QPID_NOT_VALID_BEFORE)) {
                props.setHeader(name, header.getValue());
            }
        }
        if (in.getHeader(HEADER_ROUTING_KEY) == null) {
            props.setHeader(HEADER_ROUTING_KEY, in.getHeader(SpringRabbitMQConstants.ROUTING_KEY, String.class));
        }
        return props;
    }

    static byte[] body(Exchange exchange) {
        var in = exchange.getIn();
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            String text = in.getBody(String.class);
            body = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        }
        return body;
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
        reason = reason.replaceAll("[\\r\\n\\t]+", " ")
                // a URL's credentials and query string may hold a token
                .replaceAll("(?i)(\\b[a-z][a-z0-9+.-]*://)[^/\\s@]*@", "$1")
                .replaceAll("(?i)(\\b[a-z][a-z0-9+.-]*://[^\\s?#]*)[?#][^\\s\\]\\)]*", "$1");
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    }
}
