package dev.ponte.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Honours a destination's {@code Retry-After} (seconds or an HTTP date, RFC 9110 10.2.3): when the answer asks
 * for a longer wait than the backoff gave, the next try waits until then, at most {@code maxDelay}.
 */
public class RetryAfter {

    static final String NOT_BEFORE_PROPERTY = "ponteRetryNotBefore";

    private final Clock clock;
    private final Duration maxDelay;

    public RetryAfter(Clock clock, Duration maxDelay) {
        this.clock = clock;
        this.maxDelay = maxDelay;
    }

    /** Runs right after a failure: remembers when the destination said to come back. */
    public void remember(Exchange exchange) {
        exchange.removeProperty(NOT_BEFORE_PROPERTY);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof HttpOperationFailedException http && http.getResponseHeaders() != null) {
            Duration wait = parse(header(http.getResponseHeaders(), "Retry-After"), clock.instant());
            if (wait != null) {
                Duration capped = wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
                exchange.setProperty(NOT_BEFORE_PROPERTY, clock.instant().plus(capped));
            }
        }
    }

    /** Runs before the next try, after the backoff delay: waits out what is left of the Retry-After. */
    public void await(Exchange exchange) throws InterruptedException {
        Instant notBefore = exchange.getProperty(NOT_BEFORE_PROPERTY, Instant.class);
        if (notBefore != null) {
            long millis = Duration.between(clock.instant(), notBefore).toMillis();
            if (millis > 0) {
                Thread.sleep(millis);
            }
        }
    }

    static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.matches("[0-9]{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
