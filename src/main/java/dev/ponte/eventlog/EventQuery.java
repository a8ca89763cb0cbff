package dev.ponte.eventlog;

import java.time.Instant;

/**
 * A search of the event log; null fields do not filter. Results come newest first, {@code limit} at a time;
 * {@code cursor} is the {@code next} of the previous page.
 */
public record EventQuery(String orderId, String email, String provider, String type, String outcome, Instant since,
                         Instant until, int limit, Long cursor) {

    public static final int MAX_LIMIT = 200;

    public EventQuery {
        orderId = blankToNull(orderId);
        email = blankToNull(email);
        email = email == null ? null : email.toLowerCase(java.util.Locale.ROOT);
        provider = blankToNull(provider);
        type = blankToNull(type);
        outcome = blankToNull(outcome);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
