package dev.ponte.provider;

import dev.ponte.event.Customer;
import dev.ponte.event.LeadTracking;
import dev.ponte.event.Order;
import dev.ponte.event.Subscription;

import java.time.Instant;
import java.util.Objects;

/**
 * What a normalizer makes of one payload: the unified fields, plus the object id and version from which the
 * ingress derives the deterministic event id (unified-event.md, {@code id}). {@code type} null means unmapped:
 * the event is parked with {@code parkReason}.
 *
 * @param objectId the provider's id of the object whose state changed (null: none)
 * @param version  the provider's update timestamp and/or status of the object (null: the SHA-256 of the raw body
 *                 is used, so a retried delivery still gets the same id)
 */
public record Normalization(String type, String providerEvent, String objectId, String version,
                            Instant occurredAt, boolean testMode, Order order, Subscription subscription,
                            Customer customer, LeadTracking leadTracking, String parkReason) {

    private static final java.util.regex.Pattern PERSONAL =
            java.util.regex.Pattern.compile("[^\\s@]+@[^\\s@]+|\\d[\\d.\\-/ ]{6,}\\d");

    public Normalization {
        if (type == null && parkReason == null) {
            throw new IllegalArgumentException("an unmapped normalization needs a park reason");
        }
        // a reason may quote a provider value; it goes to the HTTP answer and the log, so no e-mail or document
        parkReason = parkReason == null ? null : PERSONAL.matcher(parkReason).replaceAll("***");
    }

    public boolean mapped() {
        return type != null;
    }

    /** A payload the provider documents but that maps to no unified type. */
    public static Normalization unmapped(String providerEvent, String reason) {
        return new Normalization(null, providerEvent, null, null, null, false, null, null, null, null,
                Objects.requireNonNull(reason));
    }

    public static Builder builder(String type, String providerEvent) {
        return new Builder(Objects.requireNonNull(type), providerEvent);
    }

    public static final class Builder {
        private final String type;
        private final String providerEvent;
        private String objectId;
        private String version;
        private Instant occurredAt;
        private boolean testMode;
        private Order order;
        private Subscription subscription;
        private Customer customer;
        private LeadTracking leadTracking;

        private Builder(String type, String providerEvent) {
            this.type = type;
            this.providerEvent = providerEvent;
        }

        public Builder objectId(String v) { objectId = v; return this; }
        public Builder version(String v) { version = v; return this; }
        public Builder occurredAt(Instant v) { occurredAt = v; return this; }
        public Builder testMode(boolean v) { testMode = v; return this; }
        public Builder order(Order v) { order = v; return this; }
        public Builder subscription(Subscription v) { subscription = v; return this; }
        public Builder customer(Customer v) { customer = v; return this; }
        public Builder leadTracking(LeadTracking v) { leadTracking = v; return this; }

        public Normalization build() {
            return new Normalization(type, providerEvent, objectId, version, occurredAt, testMode, order,
                    subscription, customer, leadTracking, null);
        }
    }
}
