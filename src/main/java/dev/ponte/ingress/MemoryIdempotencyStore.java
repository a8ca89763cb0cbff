package dev.ponte.ingress;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Event ids of one Ponte instance in memory (Caffeine: expiry after the retention, bounded size, oldest out
 * first). Several instances need the shared JDBC store.
 */
public class MemoryIdempotencyStore implements IdempotencyStore {

    private final Cache<Object, Boolean> published;
    private final ConcurrentHashMap<Object, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();

    public MemoryIdempotencyStore(Duration retention, long maxEntries) {
        // maintenance (eviction, expiry) on the calling thread: no hand-off to the common pool per webhook
        this.published = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(maxEntries)
                .executor(Runnable::run).build();
    }

    /**
     * The 128 bits of an {@code evt_<32 hex>} id as two longs: a third of the memory of the string, so the default
     * million ids fit comfortably in a small heap. Other ids are kept as they are.
     */
    record CompactId(long high, long low) {
        static Object of(String eventId) {
            if (eventId.length() == 36 && eventId.startsWith("evt_")) {
                try {
                    return new CompactId(Long.parseUnsignedLong(eventId, 4, 20, 16),
                            Long.parseUnsignedLong(eventId, 20, 36, 16));
                } catch (NumberFormatException e) {
                    return eventId;
                }
            }
            return eventId;
        }
    }

    @Override
    public Claim claim(String id, Duration wait) {
        Object eventId = CompactId.of(id);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (published.getIfPresent(eventId) != null) {
                return Claim.DUPLICATE;
            }
            CompletableFuture<Boolean> mine = new CompletableFuture<>();
            CompletableFuture<Boolean> other = inFlight.putIfAbsent(eventId, mine);
            if (other == null) {
                if (published.getIfPresent(eventId) != null) {
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

    public long size() {
        return published.estimatedSize();
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
            published.put(eventId, Boolean.TRUE);
            inFlight.remove(eventId, future);
            future.complete(true);
        }

        @Override
        public void release() {
            inFlight.remove(eventId, future);
            future.complete(false);
        }
    }
}
