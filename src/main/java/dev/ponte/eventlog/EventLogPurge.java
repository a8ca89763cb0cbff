package dev.ponte.eventlog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes event log rows older than {@code ponte.events.retention}, every {@code ponte.events.purge-interval} and
 * once at start-up. Several instances on one database purge side by side harmlessly.
 */
public class EventLogPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventLogPurge.class);

    private final EventLogStore store;
    private final Duration retention;
    private final Duration interval;
    private final Clock clock;
    private volatile ScheduledExecutorService scheduler;

    public EventLogPurge(EventLogStore store, Duration retention, Duration interval, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ponte-eventlog-purge");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purge, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One purge; a failure is logged and the next run tries again. */
    public int purge() {
        try {
            int deleted = store.purge(clock.instant().minus(retention));
            if (deleted > 0) {
                log.info("Event log purge deleted {} rows older than {}", deleted, retention);
            }
            return deleted;
        } catch (RuntimeException e) {
            log.warn("Event log purge failed ({}); next try in {}", e.getMessage(), interval);
            return 0;
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
