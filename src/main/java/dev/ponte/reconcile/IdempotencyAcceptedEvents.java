package dev.ponte.reconcile;

import dev.ponte.publish.BrokerUnavailableException;
import dev.ponte.idempotency.IdempotencyStore;
import dev.ponte.idempotency.IdempotencyUnavailableException;

import java.time.Duration;

/**
 * Accepted events as the idempotency store remembers them: every id confirmed as published or spooled, for
 * {@code ponte.idempotency.retention}. The store has no plain lookup, so this claims the id without waiting and
 * releases the claim at once: a duplicate answer means accepted. When the store cannot answer (its database down,
 * or the id in flight at this very moment) the run fails and is tried again later rather than guessing.
 */
public class IdempotencyAcceptedEvents implements AcceptedEvents {

    private final IdempotencyStore store;

    public IdempotencyAcceptedEvents(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public boolean accepted(String eventId) {
        IdempotencyStore.Claim claim;
        try {
            claim = store.claim(eventId, Duration.ZERO);
        } catch (BrokerUnavailableException | IdempotencyUnavailableException e) {
            throw new IllegalStateException("idempotency store cannot tell whether " + eventId + " was accepted: "
                    + e.getMessage(), e);
        }
        if (claim.duplicate()) {
            return true;
        }
        claim.release();
        return false;
    }
}
