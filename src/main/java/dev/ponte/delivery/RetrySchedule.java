package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;

/**
 * When the next try of a failed delivery happens, and in which retry queue it waits until then.
 * <p>
 * The waits are those of {@code ponte.delivery.*}: after try {@code n} the event waits
 * {@code initial-delay × multiplier^(n-1)}, capped at {@code max-delay}, spread by ±{@code jitter}; a
 * destination's {@code Retry-After} longer than that wait replaces it, up to {@code max-delay}.
 * <p>
 * Each distinct backoff wait is one <em>tier</em>: a queue {@code <queue>.retry.<ttl>ms} whose {@code x-message-ttl}
 * is the tier's longest wait (backoff plus jitter, capped at {@code max-delay}) and which dead-letters back into
 * {@code <queue>}. An event is put into the smallest tier whose TTL covers its wait, with its exact wait as the
 * message's own expiration: the jitter (and a {@code Retry-After}) stay per event while the number of queues stays
 * fixed. A broker expires messages only at the head of a queue, so an event behind a longer-waiting one in the same
 * tier comes back when that one does: at most the tier's TTL after it entered, never later. One extra tier of
 * {@code max-delay} is always there for a {@code Retry-After} beyond the backoff.
 */
public final class RetrySchedule {

    public static final String RETRY_INFIX = ".retry.";

    private final PonteProperties.Delivery delivery;
    /** TTL of each tier, ascending, in milliseconds. */
    private final List<Long> tiers;

    public RetrySchedule(PonteProperties.Delivery delivery) {
        this.delivery = delivery;
        TreeSet<Long> ttls = new TreeSet<>();
        if (delivery.maxAttempts() > 1) {
            for (int failed = 1; failed < delivery.maxAttempts(); failed++) {
                ttls.add(cap(Math.round(backoffMillis(failed) * (1 + delivery.jitter()))));
            }
            ttls.add(delivery.maxDelay().toMillis());
        }
        this.tiers = List.copyOf(ttls);
    }

    /** TTLs of the retry queues, in milliseconds, ascending; empty when {@code max-attempts} is 1. */
    public List<Long> tiers() {
        return tiers;
    }

    /** Names of the retry queues of a destination queue, one per tier. */
    public List<String> retryQueues(String queue) {
        List<String> names = new ArrayList<>();
        for (long ttl : tiers) {
            names.add(retryQueue(queue, ttl));
        }
        return names;
    }

    public static String retryQueue(String queue, long ttlMillis) {
        return queue + RETRY_INFIX + ttlMillis + "ms";
    }

    /** Whether a queue name is the retry queue of some destination queue (and of which TTL, when it is). */
    public static long ttlOf(String name) {
        int at = name.lastIndexOf(RETRY_INFIX);
        if (at < 0 || !name.endsWith("ms")) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(at + RETRY_INFIX.length(), name.length() - 2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The destination queue a retry queue leads back to. */
    public static String destinationOf(String retryQueue) {
        return retryQueue.substring(0, retryQueue.lastIndexOf(RETRY_INFIX));
    }

    /**
     * The wait after {@code failedTries} failed tries.
     *
     * @param retryAfter the destination's {@code Retry-After}, or null
     * @param random     uniform in [0, 1), for the jitter
     */
    public Duration waitAfter(int failedTries, Duration retryAfter, DoubleSupplier random) {
        double spread = delivery.jitter() * (2 * random.getAsDouble() - 1);
        long wait = cap(Math.max(1, Math.round(backoffMillis(failedTries) * (1 + spread))));
        if (retryAfter != null && retryAfter.toMillis() > wait) {
            wait = cap(retryAfter.toMillis());
        }
        return Duration.ofMillis(wait);
    }

    /** The TTL of the smallest tier whose TTL covers {@code wait}. */
    public long tierFor(Duration wait) {
        long millis = wait.toMillis();
        for (long ttl : tiers) {
            if (ttl >= millis) {
                return ttl;
            }
        }
        return tiers.get(tiers.size() - 1);
    }

    private double backoffMillis(int failedTries) {
        return delivery.initialDelay().toMillis() * Math.pow(delivery.multiplier(), failedTries - 1);
    }

    private long cap(long millis) {
        return Math.min(millis, delivery.maxDelay().toMillis());
    }
}
