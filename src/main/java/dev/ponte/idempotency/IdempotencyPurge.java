package dev.ponte.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.ponte.config.PeriodicTask;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Runs the purge of the sqlite or jdbc store ({@link SqliteIdempotencyStore#purge()},
 * {@link JdbcIdempotencyStore#purge()}) every {@code ponte.idempotency.purge-interval} while the app runs. With
 * jdbc every instance purges; their deletes skip each other's locked rows, so running them side by side is harmless.
 */
public class IdempotencyPurge extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);

    private final IntSupplier store;

    public IdempotencyPurge(IntSupplier store, Duration interval) {
        super("ponte-idempotency-purge", positive(interval), interval);
        this.store = store;
    }

    private static Duration positive(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("ponte.idempotency.purge-interval must be positive, not " + interval);
        }
        return interval;
    }

    @Override
    protected void runOnce() {
        purge();
    }

    /** One purge; a failure is logged and the next run tries again. */
    void purge() {
        try {
            int deleted = store.getAsInt();
            log.debug("Idempotency purge deleted {} event ids", deleted);
        } catch (RuntimeException e) {
            log.warn("Idempotency purge failed ({}); next try in {}", e.getMessage(), interval());
        }
    }
}
