package dev.ponte.event;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * The one document every consumer sees, whatever the provider (docs/unified-event.md).
 * {@code type} is null only for an event that maps to no unified type (routing key {@code unmapped.<provider>}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "type", "provider", "provider_event", "occurred_at", "received_at", "test_mode",
        "order", "subscription", "customer", "lead_tracking", "raw"})
public record UnifiedEvent(
        String id,
        String type,
        String provider,
        String providerEvent,
        Instant occurredAt,
        @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", timezone = "UTC")
        Instant receivedAt,
        boolean testMode,
        Order order,
        Subscription subscription,
        Customer customer,
        LeadTracking leadTracking,
        ObjectNode raw) {

    /** Routing key on the {@code ponte.events} exchange: the type, or {@code unmapped.<provider>}. */
    public String routingKey() {
        return type != null ? type : "unmapped." + provider;
    }
}
