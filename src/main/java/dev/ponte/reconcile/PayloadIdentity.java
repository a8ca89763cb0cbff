package dev.ponte.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventIds;
import dev.ponte.event.EventJson;
import dev.ponte.provider.Normalization;
import dev.ponte.provider.WebhookProvider;
import dev.ponte.provider.WebhookRequest;

import java.util.Map;

/**
 * What Ponte would make of a stored Cakto payload: whether it carries one of Ponte's Cakto secrets (else it was
 * delivered to another webhook of the account, not to Ponte), and the deterministic event id the ingress would give
 * it, computed by the same normalizer.
 */
public class PayloadIdentity {

    private final WebhookProvider provider;

    public PayloadIdentity(WebhookProvider cakto) {
        this.provider = cakto;
    }

    /** True when the payload authenticates as a webhook to this Ponte, exactly as the ingress decides it. */
    public boolean addressedToPonte(ObjectNode payload) {
        try {
            return provider.authenticator().isConfigured()
                    && provider.authenticator().authenticate(new WebhookRequest(provider.name(),
                    EventJson.mapper().writeValueAsBytes(payload), Map.of(), Map.of(), EventJson.mapper()));
        } catch (Exception e) {
            return false;
        }
    }

    /** A hash of the payload's JSON, keying the deliveries of one payload whose event id is unknown. */
    public String hash(ObjectNode payload) {
        try {
            byte[] digest = EventIds.sha256(EventJson.mapper().writeValueAsBytes(payload));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The event id, or null when it would depend on the exact bytes Cakto sends (an event without object id or
     * version takes the SHA-256 of the raw body, which a stored, re-serialized payload does not reproduce) or when
     * the payload cannot be normalized.
     */
    public String eventId(ObjectNode payload) {
        Normalization normalization;
        try {
            normalization = provider.normalizer().normalize(payload.deepCopy());
        } catch (RuntimeException e) {
            return null;
        }
        if (normalization.version() == null) {
            return null;
        }
        return EventIds.derive(provider.name(), normalization.providerEvent(), normalization.objectId(),
                normalization.version(), null);
    }
}
