package dev.ponte.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventIds;
import dev.ponte.event.UnifiedEvent;
import dev.ponte.provider.Normalization;
import dev.ponte.provider.WebhookProvider;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Turns a provider's normalization into the unified event: deterministic id, receive time, raw minus credential. */
public final class EventAssembler {

    private EventAssembler() {
    }

    public static UnifiedEvent assemble(WebhookProvider provider, Normalization n, ObjectNode body, byte[] rawBody,
                                        Instant receivedAt) {
        ObjectNode raw = withoutCredentials(body, provider.authenticator().credentialFields());
        String id = EventIds.derive(provider.name(), n.providerEvent(), n.objectId(), n.version(), rawBody);
        return new UnifiedEvent(id, n.type(), provider.name(), n.providerEvent(), n.occurredAt(),
                receivedAt.truncatedTo(ChronoUnit.MILLIS), n.testMode(), n.order(), n.subscription(), n.customer(),
                n.leadTracking(), raw);
    }

    /** Credentials are top-level fields: a shallow copy without them leaves the request's own tree as it was. */
    private static ObjectNode withoutCredentials(ObjectNode body, java.util.Collection<String> credentialFields) {
        if (credentialFields.stream().noneMatch(body::has)) {
            return body;
        }
        ObjectNode raw = body.objectNode();
        body.fields().forEachRemaining(field -> {
            if (!credentialFields.contains(field.getKey())) {
                raw.set(field.getKey(), field.getValue());
            }
        });
        return raw;
    }
}
