package dev.ponte.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.ZoneId;

/** A provider that names each webhook's event in the body's top-level {@code event} field. */
public abstract class EventNormalizer extends ProviderNormalizer {

    private final String noEventReason;

    /** @param noEventReason the park reason of a body without an event name */
    protected EventNormalizer(ZoneId zoneWhenNoOffset, String noEventReason) {
        super(zoneWhenNoOffset);
        this.noEventReason = noEventReason;
    }

    @Override
    public final Normalization normalize(ObjectNode body) {
        String event = Fields.text(body, "event");
        if (event == null) {
            return Normalization.unmapped(null, noEventReason);
        }
        return normalize(event, body);
    }

    /** @param event the event name as sent, never null */
    protected abstract Normalization normalize(String event, ObjectNode body);
}
