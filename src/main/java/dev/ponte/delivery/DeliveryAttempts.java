package dev.ponte.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Tells every {@link DeliveryAttemptListener} of each try of a destination route: its outcome, answer and time. */
public class DeliveryAttempts {

    static final String STARTED_PROPERTY = "ponteAttemptStarted";
    static final String REPORTED_PROPERTY = "ponteAttemptReported";
    /** The event id, taken when the delivery starts: route steps may drop the consumer's headers. */
    static final String EVENT_ID_PROPERTY = "ponteDeliveryEventId";

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

    private final List<DeliveryAttemptListener> listeners;
    private final Clock clock;

    public DeliveryAttempts(List<DeliveryAttemptListener> listeners, Clock clock) {
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    /** A try starts: the first one, or a redelivery after its wait. */
    public void started(Exchange exchange) {
        exchange.setProperty(STARTED_PROPERTY, clock.instant());
        if (exchange.getProperty(EVENT_ID_PROPERTY) == null) {
            exchange.setProperty(EVENT_ID_PROPERTY, exchange.getIn().getHeader(SpringRabbitMQConstants.MESSAGE_ID,
                    String.class));
        }
    }

    /** The try that just ended; {@code attempt} counts the first try as 1. */
    public void report(Exchange exchange, DeliveryAttempt.Outcome outcome, int attempt) {
        if (listeners.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant started = exchange.getProperty(STARTED_PROPERTY, now, Instant.class);
        // the failure of this try: on the exchange while the error handler decides, caught once it has
        Throwable failure = outcome == DeliveryAttempt.Outcome.DELIVERED ? null
                : exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Integer status = failure != null ? statusOf(failure)
                : exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        DeliveryAttempt told = new DeliveryAttempt(exchange.getFromRouteId(),
                eventId(exchange), Math.max(1, attempt),
                outcome, status, failure == null ? null : DeadLetters.describe(failure), started,
                Duration.between(started, now));
        exchange.setProperty(REPORTED_PROPERTY, true);
        for (DeliveryAttemptListener listener : listeners) {
            try {
                listener.onAttempt(told);
            } catch (RuntimeException e) {
                log.warn("delivery attempt listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static String eventId(Exchange exchange) {
        String id = exchange.getProperty(EVENT_ID_PROPERTY, String.class);
        return id != null ? id : exchange.getIn().getHeader(SpringRabbitMQConstants.MESSAGE_ID, String.class);
    }

    /** The HTTP status, or the SMTP reply code of a mail server's refusal; null when the destination gave none. */
    static Integer statusOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return http.getStatusCode();
            }
            try {
                // SMTPSendFailedException, SMTPAddressFailedException (Jakarta Mail's SMTP provider)
                Object code = t.getClass().getMethod("getReturnCode").invoke(t);
                if (code instanceof Integer i && i > 0) {
                    return i;
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // not an SMTP failure
            }
            if (t instanceof jakarta.mail.MessagingException m && m.getNextException() != null
                    && m.getNextException() != t.getCause()) {
                Integer next = statusOf(m.getNextException());
                if (next != null) {
                    return next;
                }
            }
        }
        return null;
    }
}
