package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import dev.ponte.publish.ConfirmedSender;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * What becomes of an event whose try failed: tries left and a failure retrying can fix → a retry queue of its
 * route, to come back after its wait; otherwise → the route's dead-letter queue. Either way the original is
 * acknowledged only after the broker confirmed the copy, and the consumer goes on with the next event at once: no
 * thread ever sleeps on a retry.
 * <p>
 * The event carries its history in headers, so it survives restarts of Ponte and of the broker:
 * {@value DeadLetters#HEADER_ATTEMPTS} (tries made), {@value #HEADER_FIRST_FAILURE_AT},
 * {@value DeadLetters#HEADER_REASON} (the last failure) and {@value DeadLetters#HEADER_ROUTING_KEY}.
 */
public class DeliveryFailures {

    public static final String HEADER_FIRST_FAILURE_AT = "x-ponte-first-failure-at";
    /** When the event is due back, for whoever looks into a retry queue. */
    public static final String HEADER_RETRY_AT = "x-ponte-retry-at";

    /** Qpid's delayed delivery: a message is not delivered before this time (epoch milliseconds). */
    public static final String QPID_NOT_VALID_BEFORE = "x-qpid-not-valid-before";

    /** Exchange properties the route policy reads once the try is over. */
    static final String OUTCOME_PROPERTY = "ponteDeliveryOutcome";
    static final String FAILURE_PROPERTY = "ponteDeliveryFailure";
    static final String PERMANENT_PROPERTY = "ponteDeliveryPermanent";

    private static final Logger log = LoggerFactory.getLogger(DeliveryFailures.class);

    private final PonteProperties.Delivery delivery;
    private final RetrySchedule schedule;
    private final DeadLetters deadLetters;
    private final ConfirmedSender sender;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final BooleanSupplier rabbitMq;

    /**
     * @param rabbitMq whether the broker is RabbitMQ; otherwise it is local mode's embedded Qpid, which drops an
     *                 expired message instead of dead-lettering it: there a retry goes straight back into the
     *                 destination queue, held by Qpid until {@value #QPID_NOT_VALID_BEFORE}
     */
    public DeliveryFailures(PonteProperties.Delivery delivery, DeadLetters deadLetters, ConfirmedSender sender,
                            DeliveryMetrics metrics, Clock clock, BooleanSupplier rabbitMq) {
        this.delivery = delivery;
        this.schedule = new RetrySchedule(delivery);
        this.deadLetters = deadLetters;
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
        this.rabbitMq = rabbitMq;
    }

    /** The route configuration's exception handler; the exchange holds the original message again. */
    public void handle(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempt = DeliveryRoutePolicy.attemptOf(exchange);
        boolean permanent = isPermanent(failure);
        exchange.setProperty(FAILURE_PROPERTY, failure);
        exchange.setProperty(PERMANENT_PROPERTY, permanent);
        if (permanent || attempt >= delivery.maxAttempts()) {
            exchange.setProperty(DeadLetters.ATTEMPTS_PROPERTY, attempt);
            deadLetters.deadLetter(exchange);
            exchange.setProperty(OUTCOME_PROPERTY, DeliveryAttempt.Outcome.DEAD_LETTERED);
        } else {
            retryLater(exchange, failure, attempt);
            exchange.setProperty(OUTCOME_PROPERTY, DeliveryAttempt.Outcome.RETRYING);
        }
    }

    private void retryLater(Exchange exchange, Throwable failure, int attempt) {
        String route = exchange.getFromRouteId();
        String queue = DeadLetters.queueOf(exchange.getFromEndpoint());
        Instant now = clock.instant();
        Duration wait = schedule.waitAfter(attempt, RetryAfter.of(failure, now),
                () -> ThreadLocalRandom.current().nextDouble());
        boolean rabbitMq = this.rabbitMq.getAsBoolean();
        String retryQueue = rabbitMq ? RetrySchedule.retryQueue(queue, schedule.tierFor(wait)) : queue;
        String reason = DeadLetters.describe(failure);

        MessageProperties props = DeadLetters.copyOf(exchange);
        props.setHeader(DeadLetters.HEADER_ATTEMPTS, attempt);
        Object firstFailure = exchange.getIn().getHeader(HEADER_FIRST_FAILURE_AT);
        props.setHeader(HEADER_FIRST_FAILURE_AT, firstFailure != null ? firstFailure.toString() : now.toString());
        props.setHeader(HEADER_RETRY_AT, now.plus(wait).toString());
        props.setHeader(DeadLetters.HEADER_REASON, reason);
        props.setHeader(DeadLetters.HEADER_ROUTE, route);
        if (rabbitMq) {
            props.setExpiration(String.valueOf(wait.toMillis()));
        } else {
            props.setHeader(QPID_NOT_VALID_BEFORE, now.plus(wait).toEpochMilli());
        }
        sender.send("", retryQueue, new Message(DeadLetters.body(exchange), props), props.getMessageId());
        metrics.retried(route);
        log.info("delivery retry route={} id={} attempt={} next_in={}ms after=\"{}\"", route, props.getMessageId(),
                attempt, wait.toMillis(), reason);
    }

    /** A failure retrying cannot fix: a refused event, or HTTP 4xx other than 408 (timeout) and 429 (slow down). */
    static boolean isPermanent(Throwable failure) {
        if (failure instanceof NonRetryableDeliveryException) {
            return true;
        }
        if (failure instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            return status >= 400 && status < 500 && status != 408 && status != 429;
        }
        return false;
    }
}
