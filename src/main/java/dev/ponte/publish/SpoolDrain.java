package dev.ponte.publish;

import dev.ponte.http.WebhookMetrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Republishes spooled events, oldest first, with their original {@code message_id}, and removes each only after
 * the broker confirmed it. A crash between the confirm and the removal publishes that event once more after
 * the restart: consumers deduplicate by {@code message_id}.
 */
public class SpoolDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SpoolDrain.class);

    private final EventSpool spool;
    private final EventPublisher publisher;
    private final WebhookMetrics metrics;
    private final Duration interval;
    private final int batchSize;
    private ScheduledExecutorService executor;

    public SpoolDrain(EventSpool spool, EventPublisher publisher, WebhookMetrics metrics, Duration interval,
                      int batchSize) {
        this.spool = spool;
        this.publisher = publisher;
        this.metrics = metrics;
        this.interval = interval;
        this.batchSize = batchSize;
    }

    /** One round: publishes batches until the spool is empty or the broker stops confirming. */
    public int drainOnce() {
        int published = 0;
        while (spool.depth() > 0) {
            List<SpooledEvent> batch = spool.oldest(batchSize);
            if (batch.isEmpty()) {
                break;
            }
            List<SpooledEvent> confirmed = publisher.publishSpooled(batch);
            spool.remove(confirmed);
            confirmed.forEach(event -> metrics.published(event.routingKey()));
            published += confirmed.size();
            if (confirmed.size() < batch.size()) {
                break;
            }
        }
        if (published > 0) {
            log.info("spool drained {} event(s); {} left", published, spool.depth());
        }
        return published;
    }

    private void round() {
        try {
            drainOnce();
        } catch (RuntimeException e) {
            log.warn("spool drain round failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ponte-spool-drain");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
        if (spool.depth() > 0) {
            // one last round after the web server and Camel stopped: what the broker confirms now is published
            // before the exit instead of at the next start; the rest stays on disk
            round();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /**
     * Stops after the web server and Camel (higher phases stop first), so the events spooled by the last webhooks
     * still drain, with one last round once nothing can add to the spool.
     */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
