package dev.ponte.idempotency;

import dev.ponte.publish.BrokerUnavailableException;

import java.time.Duration;

/**
 * Remembers which event ids were published. An id is claimed while its publish is in flight and remembered
 * only once the broker confirmed it, so a failed publish can be retried by the provider; a concurrent delivery
 * of the same id waits for the one in flight instead of publishing twice.
 */
public interface IdempotencyStore {

    /**
     * @param wait how long to wait for another in-flight claim of the same id
     * @return a claim: {@link Claim#duplicate()} when the id was already published
     * @throws BrokerUnavailableException when another delivery of the id is still in flight after {@code wait}
     */
    Claim claim(String eventId, Duration wait);

    interface Claim {

        /** The answer for an id that was already published: nothing to confirm or release. */
        Claim DUPLICATE = new Claim() {
            @Override
            public boolean duplicate() {
                return true;
            }

            @Override
            public void confirm() {
            }

            @Override
            public void release() {
            }
        };

        boolean duplicate();

        /** The event is confirmed by the broker: remember the id. */
        void confirm();

        /** The publish failed: forget the claim so a retry can publish. */
        void release();
    }
}
