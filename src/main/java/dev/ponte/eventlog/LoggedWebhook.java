package dev.ponte.eventlog;

import java.time.Instant;

/**
 * One webhook as the event log keeps it. {@code customerEmail} is stored as received (lower case) and masked only
 * when shown; {@code eventJson} is the unified event as published (null in lists and for refused webhooks).
 */
public record LoggedWebhook(long id, String eventId, String outcome, String detail, String provider, String type,
                            String orderId, String customerEmail, String requestId, Instant receivedAt,
                            Instant answeredAt, String remoteAddress, String userAgent, int bodyBytes,
                            String eventJson) {
}
