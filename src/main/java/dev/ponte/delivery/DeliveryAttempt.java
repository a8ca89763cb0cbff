package dev.ponte.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * One try of one event at one destination route, as the delivery stage reports it to every
 * {@link DeliveryAttemptListener} (the event log, metrics).
 *
 * @param route    the destination route's id
 * @param eventId  the unified event's id (the AMQP message id)
 * @param attempt  1 for the first try
 * @param outcome  what became of the event after this try
 * @param status   the destination's answer: HTTP status, or the SMTP reply code; null when it gave none
 * @param error    why the try failed, never with a credential or a URL's query; null on success
 * @param at       when the try started
 * @param duration how long it took
 */
public record DeliveryAttempt(String route, String eventId, int attempt, Outcome outcome, Integer status,
                              String error, Instant at, Duration duration) {

    public enum Outcome {
        /** The destination took the event. */
        DELIVERED,
        /** The try failed; the event waits for its next try. */
        RETRYING,
        /** No try left, or a failure retrying cannot fix: the event is in the route's dead-letter queue. */
        DEAD_LETTERED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
