package dev.ponte.http;

import dev.ponte.event.UnifiedEvent;

import java.time.Instant;

/**
 * What became of one webhook, as told to every {@link WebhookOutcomeListener}. Never a credential: the event's
 * raw payload is already without the provider's credential fields, and no request header or query is kept.
 *
 * @param outcome       {@code accepted}, {@code duplicate}, {@code parked}, {@code spooled}, {@code unauthorized},
 *                      {@code invalid}, {@code too_large}, {@code unavailable}, {@code unknown_provider}, {@code error}
 * @param provider      the provider of the path, when known
 * @param detail        why it was parked or refused; null otherwise
 * @param event         the unified event; null when the webhook was refused before it had one
 * @param requestId     the {@code X-Request-Id} of the answer
 * @param receivedAt    when the request reached the route
 * @param answeredAt    when its answer was decided (for {@code accepted} and {@code parked}: the broker's confirm)
 * @param remoteAddress the client address as the container saw it
 * @param userAgent     the {@code User-Agent} header
 * @param bodyBytes     size of the body
 * @param eventJson     the event as it was published or spooled, when it was; else null (serialize {@code event})
 */
public record WebhookOutcome(String outcome, String provider, String detail, UnifiedEvent event, String requestId,
                             Instant receivedAt, Instant answeredAt, String remoteAddress, String userAgent,
                             int bodyBytes, byte[] eventJson) {

    public WebhookOutcome(String outcome, String provider, String detail, UnifiedEvent event, String requestId,
                          Instant receivedAt, Instant answeredAt, String remoteAddress, String userAgent,
                          int bodyBytes) {
        this(outcome, provider, detail, event, requestId, receivedAt, answeredAt, remoteAddress, userAgent, bodyBytes,
                null);
    }
}
