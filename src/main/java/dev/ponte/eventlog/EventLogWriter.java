package dev.ponte.eventlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ponte.delivery.DeliveryAttempt;
import dev.ponte.delivery.DeliveryAttemptListener;
import dev.ponte.event.EventJson;
import dev.ponte.event.UnifiedEvent;
import dev.ponte.http.WebhookOutcome;
import dev.ponte.http.WebhookOutcomeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes the event log off the webhook's path: listeners only offer a row to a bounded queue, which one thread
 * drains in batches. A full queue drops the row and counts it ({@code ponte_eventlog_dropped_total{reason=
 * "queue_full"}}): the log may miss rows, a webhook never waits for it. A batch the database refuses three times
 * is dropped the same way ({@code reason="write_failed"}).
 */
public class EventLogWriter implements WebhookOutcomeListener, DeliveryAttemptListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventLogWriter.class);
    private static final int WRITE_TRIES = 3;

    private final EventLogStore store;
    private final BlockingQueue<Object> queue;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final Clock clock;
    private final long maxQueuedBytes;
    private final java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final Counter droppedFull;
    private final Counter droppedFailed;
    private volatile Thread thread;
    private volatile boolean running;

    public EventLogWriter(EventLogStore store, EventLogProperties.Log settings, MeterRegistry registry, Clock clock) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.batchSize = settings.batchSize();
        this.flushIntervalNanos = settings.flushInterval().toNanos();
        this.maxQueuedBytes = settings.queueMaxBytes().toBytes();
        this.clock = clock;
        this.droppedFull = dropped(registry, "queue_full");
        this.droppedFailed = dropped(registry, "write_failed");
        Gauge.builder("ponte.eventlog.queue.depth", queue, BlockingQueue::size)
                .description("Event log rows waiting to be written").register(registry);
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder("ponte.eventlog.dropped").description("Event log rows not written")
                .tag("reason", reason).register(registry);
    }

    @Override
    public void onOutcome(WebhookOutcome outcome) {
        // the row, not the outcome, waits in the queue: the event's object graph (its raw payload tree is several
        // times the body) becomes garbage at once instead of surviving young collections while it waits
        WebhookRow row;
        try {
            row = row(outcome);
        } catch (RuntimeException e) {
            droppedFailed.increment();
            return;
        }
        offer(row);
    }

    @Override
    public void onAttempt(DeliveryAttempt attempt) {
        offer(attempt);
    }

    /**
     * Notes that the console published an event to a route again.
     *
     * @param at when the replay started: before the tries it causes, which the timeline orders by start time
     */
    public void replayed(String eventId, String route, java.time.Instant at) {
        offer(new LoggedAttempt(0, eventId, route, 0, LoggedAttempt.REPLAYED, null, null, at, 0));
    }

    private void offer(Object row) {
        long weight = weight(row);
        if (queuedBytes.addAndGet(weight) > maxQueuedBytes) {
            queuedBytes.addAndGet(-weight);
            droppedFull.increment();
            return;
        }
        if (!queue.offer(row)) {
            queuedBytes.addAndGet(-weight);
            droppedFull.increment();
        }
    }

    /** Rough heap held by a queued row: a webhook's row keeps its event's JSON. */
    private static long weight(Object row) {
        return row instanceof WebhookRow webhook && webhook.eventJson() != null
                ? 1024L + webhook.eventJson().length : 512L;
    }

    /** Rows waiting to be written. */
    public int pending() {
        return queue.size();
    }

    @Override
    public void start() {
        running = true;
        Thread writer = new Thread(this::run, "ponte-eventlog-writer");
        writer.setDaemon(true);
        thread = writer;
        writer.start();
    }

    private void run() {
        List<Object> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                Object first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                linger();
                queue.drainTo(batch, batchSize - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    // stopping: what is still queued is written below
                    Thread.interrupted();
                    queue.drainTo(batch);
                    write(batch);
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Lets rows gather for up to the flush interval before a transaction: every index of the log takes one random
     * insert per row, and the pages a transaction dirties are written whole, so rows written together share them.
     */
    private void linger() throws InterruptedException {
        long until = System.nanoTime() + flushIntervalNanos;
        while (running && queue.size() < batchSize - 1) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
        }
    }

    private void write(List<Object> batch) {
        queuedBytes.addAndGet(-batch.stream().mapToLong(EventLogWriter::weight).sum());
        List<WebhookRow> webhooks = new ArrayList<>();
        List<LoggedAttempt> attempts = new ArrayList<>();
        for (Object row : batch) {
            try {
                if (row instanceof WebhookRow webhook) {
                    webhooks.add(webhook);
                } else if (row instanceof DeliveryAttempt attempt) {
                    attempts.add(row(attempt));
                } else if (row instanceof LoggedAttempt marker) {
                    attempts.add(marker);
                }
            } catch (RuntimeException e) {
                droppedFailed.increment();
                log.warn("event log row not convertible: {}", e.getClass().getSimpleName());
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                store.write(webhooks, attempts);
                return;
            } catch (RuntimeException e) {
                if (attempt >= WRITE_TRIES) {
                    droppedFailed.increment(webhooks.size() + attempts.size());
                    log.warn("event log: {} rows dropped, the database refused them {} times: {}",
                            webhooks.size() + attempts.size(), WRITE_TRIES, EventLogException.describe(e));
                    return;
                }
                try {
                    Thread.sleep(500L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static WebhookRow row(WebhookOutcome o) {
        UnifiedEvent event = o.event();
        byte[] json = null;
        String orderId = null;
        String email = null;
        if (event != null) {
            if (o.eventJson() != null) {
                json = o.eventJson();
            } else {
                try {
                    json = EventJson.mapper().writeValueAsBytes(event);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("unified event not serializable", e);
                }
            }
            orderId = event.order() != null ? event.order().id() : null;
            email = event.customer() != null && event.customer().email() != null
                    ? event.customer().email().trim().toLowerCase(Locale.ROOT) : null;
        }
        return new WebhookRow(new LoggedWebhook(0, event != null ? event.id() : null, o.outcome(),
                cut(o.detail(), 500), cut(o.provider(), 64), event != null ? cut(event.routingKey(), 128) : null,
                cut(orderId, 200), cut(email, 320), cut(o.requestId(), 128), o.receivedAt(), o.answeredAt(),
                cut(o.remoteAddress(), 64), cut(o.userAgent(), 300), o.bodyBytes(), null), json);
    }

    static LoggedAttempt row(DeliveryAttempt a) {
        return new LoggedAttempt(0, cut(a.eventId() == null ? "unknown" : a.eventId(), 80), cut(a.route(), 128),
                a.attempt(), a.outcome().wireName(), a.status(), cut(a.error(), 500), a.at(), a.duration().toMillis());
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    @Override
    public void stop() {
        running = false;
        Thread writer = thread;
        if (writer != null) {
            writer.interrupt();
            try {
                writer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** Stops after the web server (phase DEFAULT_PHASE - 2048) and the routes, so their last rows are written. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
