package dev.ponte.eventlog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.ponte.config.PeriodicTask;

import java.time.Clock;
import java.time.Duration;

/**
 * Deletes event log rows older than {@code ponte.events.retention}, every {@code ponte.events.purge-interval} and
 * once at start-up. Several instances on one database purge side by side harmlessly.
 */
public class EventLogPurge extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(EventLogPurge.class);

    private final EventLogStore store;
    private final Duration retention;
    private final Clock clock;

    public EventLogPurge(EventLogStore store, Duration retention, Duration interval, Clock clock) {
        super("ponte-eventlog-purge", Duration.ZERO, interval);
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        purge();
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
            log.warn("Event log purge failed ({}); next try in {}", e.getMessage(), interval());
            return 0;
        }
    }
}
