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
        ObjectNode raw = body.deepCopy();
        provider.authenticator().credentialFields().forEach(raw::remove);
        String id = EventIds.derive(provider.name(), n.providerEvent(), n.objectId(), n.version(), rawBody);
        return new UnifiedEvent(id, n.type(), provider.name(), n.providerEvent(), n.occurredAt(),
                receivedAt.truncatedTo(ChronoUnit.MILLIS), n.testMode(), n.order(), n.subscription(), n.customer(),
                n.leadTracking(), raw);
    }
}
