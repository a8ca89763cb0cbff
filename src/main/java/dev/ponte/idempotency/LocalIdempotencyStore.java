package dev.ponte.idempotency;

import dev.ponte.publish.BrokerUnavailableException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The claims of one Ponte process: an id in flight is held in memory (a concurrent delivery of the same id waits
 * for it), and remembered as published by the subclass once confirmed.
 */
public abstract class LocalIdempotencyStore implements IdempotencyStore {

    private final ConcurrentHashMap<Object, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();

    /** The form an id is kept in. */
    protected abstract Object key(String eventId);

    /** True when the id was published within the retention. */
    protected abstract boolean published(Object key);

    /** Remembers the id as published. */
    protected abstract void remember(Object key);

    @Override
    public Claim claim(String id, Duration wait) {
        Object eventId = key(id);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (published(eventId)) {
                return Claim.DUPLICATE;
            }
            CompletableFuture<Boolean> mine = new CompletableFuture<>();
            CompletableFuture<Boolean> other = inFlight.putIfAbsent(eventId, mine);
            if (other == null) {
                boolean confirmedMeanwhile;
                try {
                    confirmedMeanwhile = published(eventId);
                } catch (RuntimeException | Error e) {
                    inFlight.remove(eventId, mine);
                    mine.complete(false);
                    throw e;
                }
                if (confirmedMeanwhile) {
                    // confirmed between our first look and the claim
                    inFlight.remove(eventId, mine);
                    mine.complete(true);
                    return Claim.DUPLICATE;
                }
                return new InFlight(eventId, mine);
            }
            try {
                long remaining = deadline - System.nanoTime();
                if (other.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS)) {
                    return Claim.DUPLICATE;
                }
                // the other delivery failed: try to claim it ourselves
            } catch (TimeoutException e) {
                throw new BrokerUnavailableException("the same event is still being published", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerUnavailableException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Ids claimed and neither confirmed nor released yet. */
    int inFlight() {
        return inFlight.size();
    }

    private final class InFlight implements Claim {
        private final Object eventId;
        private final CompletableFuture<Boolean> future;

        InFlight(Object eventId, CompletableFuture<Boolean> future) {
            this.eventId = eventId;
            this.future = future;
        }

        @Override
        public boolean duplicate() {
            return false;
        }

        @Override
        public void confirm() {
            try {
                remember(eventId);
            } finally {
                // even when remembering failed: waiting deliveries must not hang on a claim nobody holds
                inFlight.remove(eventId, future);
                future.complete(true);
            }
        }

        @Override
        public void release() {
            inFlight.remove(eventId, future);
            future.complete(false);
        }
    }
}
