package dev.ponte.config;

import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Housekeeping on a daemon thread of its own, every {@code interval} while the app runs. */
public abstract class PeriodicTask implements SmartLifecycle {

    private final String threadName;
    private final Duration initialDelay;
    private final Duration interval;
    private volatile ScheduledExecutorService scheduler;

    protected PeriodicTask(String threadName, Duration initialDelay, Duration interval) {
        this.threadName = threadName;
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One run; it logs its own failures (the next run tries again). */
    protected abstract void runOnce();

    protected Duration interval() {
        return interval;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::runOnce, initialDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
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
