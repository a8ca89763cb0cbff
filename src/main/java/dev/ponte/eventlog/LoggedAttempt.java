package dev.ponte.eventlog;

import java.time.Instant;

/**
 * One delivery try (or a replay asked for in the console: outcome {@code replayed}, attempt 0) as the event log
 * keeps it.
 */
public record LoggedAttempt(long id, String eventId, String route, int attempt, String outcome, Integer status,
                            String error, Instant at, long durationMs) {

    public static final String REPLAYED = "replayed";

    /** A try, not a replay marker. */
    public boolean isTry() {
        return !REPLAYED.equals(outcome);
    }
}
