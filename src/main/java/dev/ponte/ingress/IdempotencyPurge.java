package dev.ponte.ingress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Runs the purge of the sqlite or jdbc store ({@link SqliteIdempotencyStore#purge()},
 * {@link JdbcIdempotencyStore#purge()}) every {@code ponte.idempotency.purge-interval} while the app runs. With
 * jdbc every instance purges; their deletes skip each other's locked rows, so running them side by side is harmless.
 */
public class IdempotencyPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);

    private final IntSupplier store;
    private final Duration interval;
    private volatile ScheduledExecutorService scheduler;

    public IdempotencyPurge(IntSupplier store, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("ponte.idempotency.purge-interval must be positive, not " + interval);
        }
        this.store = store;
        this.interval = interval;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ponte-idempotency-purge");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::purge, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One purge; a failure is logged and the next run tries again. */
    void purge() {
        try {
            int deleted = store.getAsInt();
            log.debug("Idempotency purge deleted {} event ids", deleted);
        } catch (RuntimeException e) {
            log.warn("Idempotency purge failed ({}); next try in {}", e.getMessage(), interval);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            running.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
