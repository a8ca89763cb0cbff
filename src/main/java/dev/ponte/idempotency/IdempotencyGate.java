package dev.ponte.idempotency;

import dev.ponte.publish.BrokerUnavailableException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The idempotency store as the ingress uses it: while the store is unavailable (its database unreachable, its disk
 * failing) webhooks are not refused, they are published without the claim, at least once: a provider retry or a
 * concurrent duplicate may then publish an event twice, which consumers drop by {@code message_id}, while a 503
 * would only move the risk to the provider's retries (Cakto does not retry 5xx). Each bypass is counted in
 * {@code ponte_idempotency_bypassed_total}; an outage logs one WARN when it starts and one INFO when it ends. While
 * the store is down it is tried again once per {@code retryInterval} (one webhook probes, the others bypass at
 * once instead of each waiting for the database's connection timeout).
 */
public class IdempotencyGate {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyGate.class);

    /** The claim of a webhook published without the store: nothing to confirm or release. */
    static final IdempotencyStore.Claim BYPASSED = new IdempotencyStore.Claim() {
        @Override
        public boolean duplicate() {
            return false;
        }

        @Override
        public void confirm() {
        }

        @Override
        public void release() {
        }
    };

    private final IdempotencyStore store;
    private final String storeName;
    private final long retryNanos;
    private final Counter bypassed;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicLong retryAt = new AtomicLong();
    private final AtomicLong bypassedInOutage = new AtomicLong();
    private volatile String lastFailure;

    public IdempotencyGate(IdempotencyStore store, String storeName, Duration retryInterval, MeterRegistry registry) {
        this.store = store;
        this.storeName = storeName;
        this.retryNanos = retryInterval.toNanos();
        this.bypassed = Counter.builder("ponte.idempotency.bypassed")
                .description("Webhooks published without the duplicate check while the idempotency store was "
                        + "unavailable (at least once)")
                .register(registry);
    }

    /**
     * @throws BrokerUnavailableException when another delivery of the same id is still in flight after {@code wait}
     */
    public IdempotencyStore.Claim claim(String eventId, Duration wait) {
        boolean probe = false;
        if (down.get()) {
            if (System.nanoTime() - retryAt.get() < 0 || !probing.compareAndSet(false, true)) {
                return bypass();
            }
            probe = true;
        }
        try {
            IdempotencyStore.Claim claim = store.claim(eventId, wait);
            recovered();
            return claim.duplicate() ? claim : new Guarded(claim);
        } catch (IdempotencyUnavailableException e) {
            failed(e);
            return bypass();
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }

    /** False while the store is taken to be unavailable. */
    public boolean available() {
        return !down.get();
    }

    public String storeName() {
        return storeName;
    }

    /** Why the store was last found unavailable; null while it is available. */
    public String lastFailure() {
        return down.get() ? lastFailure : null;
    }

    public double bypassedTotal() {
        return bypassed.count();
    }

    private IdempotencyStore.Claim bypass() {
        bypassed.increment();
        bypassedInOutage.incrementAndGet();
        return BYPASSED;
    }

    private void failed(IdempotencyUnavailableException e) {
        lastFailure = e.getMessage();
        retryAt.set(System.nanoTime() + retryNanos);
        if (down.compareAndSet(false, true)) {
            bypassedInOutage.set(0);
            log.warn("Idempotency store ({}) unavailable: {}. Webhooks are still accepted, published without the "
                            + "duplicate check (at least once; consumers drop repeats by message_id) and counted in "
                            + "ponte_idempotency_bypassed_total; the store is tried again every {} s", storeName,
                    e.getMessage(), Duration.ofNanos(retryNanos).toSeconds());
        }
    }

    private void recovered() {
        if (down.compareAndSet(true, false)) {
            log.info("Idempotency store ({}) available again; {} webhook(s) were published without the duplicate "
                    + "check meanwhile", storeName, bypassedInOutage.get());
        }
    }

    /** A held claim whose confirm or release the store could not record: the event's fate is decided already. */
    private final class Guarded implements IdempotencyStore.Claim {
        private final IdempotencyStore.Claim claim;

        Guarded(IdempotencyStore.Claim claim) {
            this.claim = claim;
        }

        @Override
        public boolean duplicate() {
            return false;
        }

        @Override
        public void confirm() {
            try {
                claim.confirm();
            } catch (IdempotencyUnavailableException e) {
                failed(e);
            }
        }

        @Override
        public void release() {
            try {
                claim.release();
            } catch (IdempotencyUnavailableException e) {
                failed(e);
            }
        }
    }
}
