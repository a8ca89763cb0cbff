package dev.ponte.delivery;

import org.apache.camel.http.base.HttpOperationFailedException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A destination's {@code Retry-After} (seconds or an HTTP date, RFC 9110 10.2.3). When it asks for a longer wait
 * than the backoff gives, the event waits that long in its retry queue instead, at most {@code max-delay}
 * ({@link RetrySchedule#waitAfter}).
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait a failed try's answer asks for, or null when it asks for none. */
    public static Duration of(Throwable failure, Instant now) {
        if (failure instanceof HttpOperationFailedException http && http.getResponseHeaders() != null) {
            return parse(header(http.getResponseHeaders(), "Retry-After"), now);
        }
        return null;
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
