package dev.ponte.publish;

import java.time.Instant;

/** An event kept in the spool: everything needed to publish it later exactly as it would have been. */
public record SpooledEvent(long seq, String eventId, String routingKey, String provider, Instant time,
                           Instant receivedAt, byte[] body) {
}
