package dev.ponte.reconcile;

import dev.ponte.provider.cakto.api.CaktoApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs each account's reconciliation on its schedule ({@code ponte.reconcile.interval}) on one thread of its own,
 * and on demand (admin API). A failed run is tried again after {@code retry-initial}, doubling up to
 * {@code retry-max}; credentials Cakto refuses are not retried before {@code retry-max} (a clear error, no loop).
 * Its state per account (last success, last error, next run) is the health component {@code reconcile}
 * ({@link ReconcileHealth}).
 */
public class Reconciliation implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    /** How often the scheduler looks for an account whose run is due. */
    static final Duration TICK = Duration.ofSeconds(5);
    /** The first scheduled run waits this long after start-up (at most one interval). */
    static final Duration FIRST_RUN = Duration.ofSeconds(30);

    /** The state of one account, guarded by its lock (one run at a time). */
    static final class Account {
        final AccountReconciler reconciler;
        final ReentrantLock running = new ReentrantLock();
        volatile Instant nextRunAt;
        volatile Instant lastSuccessAt;
        volatile RunReport lastReport;
        volatile Instant lastFailureAt;
        volatile RunReport.Error lastError;
        volatile int consecutiveFailures;

        Account(AccountReconciler reconciler, Instant nextRunAt) {
            this.reconciler = reconciler;
            this.nextRunAt = nextRunAt;
        }
    }

    /** Thrown by {@link #runNow} when a run of the account is already under way. */
    public static class BusyException extends RuntimeException {
        BusyException(String account) {
            super("a reconciliation of account " + account + " is already running");
        }
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final ReconcileStore store;
    private final ReconcileProperties properties;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    /** @param store null when no account is configured */
    public Reconciliation(List<AccountReconciler> reconcilers, ReconcileStore store, ReconcileProperties properties,
                          Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        Duration first = properties.interval().compareTo(FIRST_RUN) < 0 ? properties.interval() : FIRST_RUN;
        Instant firstRun = clock.instant().plus(first);
        for (AccountReconciler reconciler : reconcilers) {
            accounts.put(reconciler.account(), new Account(reconciler, firstRun));
        }
    }

    public boolean configured() {
        return !accounts.isEmpty();
    }

    public List<String> accounts() {
        return List.copyOf(accounts.keySet());
    }

    /**
     * Runs the given accounts (all when empty) now, on the caller's thread.
     *
     * @throws IllegalArgumentException for an account that is not configured
     * @throws BusyException            when the one account asked for is running already (with all accounts, a
     *                                  running one gets a report with the error {@code busy})
     */
    public List<RunReport> runNow(Optional<String> only, boolean dryRun) {
        List<Account> selected = new ArrayList<>();
        if (only.isPresent()) {
            Account account = accounts.get(only.get());
            if (account == null) {
                throw new IllegalArgumentException("no Cakto API account named " + only.get());
            }
            selected.add(account);
        } else {
            selected.addAll(accounts.values());
        }
        List<RunReport> reports = new ArrayList<>();
        for (Account account : selected) {
            if (!account.running.tryLock()) {
                if (only.isPresent()) {
                    throw new BusyException(account.reconciler.account());
                }
                // the other accounts still run; this one reports why it did not
                reports.add(new RunReport(account.reconciler.account(), dryRun, null, 0, 0, 0, 0, List.of(),
                        new RunReport.Error("busy", new BusyException(account.reconciler.account()).getMessage())));
                continue;
            }
            try {
                reports.add(run(account, dryRun));
            } finally {
                account.running.unlock();
            }
        }
        return reports;
    }

    /** Runs every account whose time has come; the scheduler calls this every few seconds. */
    public void runDue() {
        Instant now = clock.instant();
        for (Account account : accounts.values()) {
            if (!now.isBefore(account.nextRunAt) && account.running.tryLock()) {
                try {
                    run(account, false);
                } catch (RuntimeException e) {
                    log.error("reconcile account={} failed unexpectedly", account.reconciler.account(), e);
                } finally {
                    account.running.unlock();
                }
            }
        }
    }

    /** When the account runs next on the schedule; for tests and health. */
    Instant nextRunAt(String account) {
        return accounts.get(account).nextRunAt;
    }

    private RunReport run(Account account, boolean dryRun) {
        String name = account.reconciler.account();
        Optional<AutoCloseable> lock;
        try {
            lock = store.tryLock(name);
        } catch (RuntimeException e) {
            return failed(account, dryRun, "unavailable", e.getMessage(), false);
        }
        if (lock.isEmpty()) {
            // another instance sharing the database reconciles this account right now
            account.nextRunAt = clock.instant().plus(properties.interval());
            return new RunReport(name, dryRun, null, 0, 0, 0, 0, List.of(),
                    new RunReport.Error("busy", "another Ponte instance is reconciling account " + name));
        }
        try (AutoCloseable held = lock.get()) {
            RunReport report = account.reconciler.run(dryRun);
            if (!dryRun) {
                account.lastSuccessAt = clock.instant();
                account.lastReport = report;
                account.lastError = null;
                account.consecutiveFailures = 0;
                account.nextRunAt = account.lastSuccessAt.plus(properties.interval());
                log.info("reconcile account={} examined={} found={} resent={} gave_up={} from={}", name,
                        report.examined(), report.found(), report.resent(), report.gaveUp(), report.from());
            }
            return report;
        } catch (CaktoApiException e) {
            boolean credentials = e.kind() == CaktoApiException.Kind.CREDENTIALS_REJECTED
                    || e.kind() == CaktoApiException.Kind.NOT_AUTHORIZED;
            return failed(account, dryRun, e.kind().name().toLowerCase(Locale.ROOT), e.getMessage(), credentials);
        } catch (Exception e) {
            return failed(account, dryRun, "unavailable", e.getMessage(), false);
        }
    }

    private RunReport failed(Account account, boolean dryRun, String kind, String message, boolean credentials) {
        String name = account.reconciler.account();
        RunReport.Error error = new RunReport.Error(kind, message);
        if (!dryRun) {
            account.lastFailureAt = clock.instant();
            account.lastError = error;
            int failures = ++account.consecutiveFailures;
            Duration wait = credentials ? properties.retryMax() : backoff(failures);
            account.nextRunAt = account.lastFailureAt.plus(wait);
            if (credentials) {
                log.error("reconcile account={} stopped: {}. Next try in {} (or POST /admin/api/reconcile after "
                        + "fixing the configuration)", name, message, wait);
            } else {
                log.warn("reconcile account={} failed ({} in a row): {}. Next try in {}", name, failures, message,
                        wait);
            }
        }
        return new RunReport(name, dryRun, null, 0, 0, 0, 0, List.of(), error);
    }

    Duration backoff(int failures) {
        Duration wait = properties.retryInitial();
        for (int i = 1; i < failures && wait.compareTo(properties.retryMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(properties.retryMax()) > 0 ? properties.retryMax() : wait;
    }

    /**
     * The state of one account, as health and the console show it.
     *
     * @param lastReport the last run that completed (not a dry run); null before one did
     * @param nextRun    the next scheduled run; null when runs are on demand only
     */
    public record Status(String account, Instant lastSuccess, RunReport lastReport, Instant lastFailure,
                         RunReport.Error lastError, int consecutiveFailures, Instant nextRun) {
    }

    /** Each account's state, in configuration order. */
    public List<Status> status() {
        List<Status> states = new ArrayList<>();
        for (Account account : accounts.values()) {
            states.add(new Status(account.reconciler.account(), account.lastSuccessAt, account.lastReport,
                    account.lastFailureAt, account.lastError, account.consecutiveFailures,
                    properties.enabled() ? account.nextRunAt : null));
        }
        return states;
    }

    /** UP, with each account's last success, last error and next run as details. */
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (Status status : status()) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("lastSuccess", status.lastSuccess());
            RunReport last = status.lastReport();
            if (last != null) {
                state.put("lastRun", Map.of("examined", last.examined(), "found", last.found(),
                        "resent", last.resent(), "gaveUp", last.gaveUp()));
            }
            state.put("lastFailure", status.lastFailure());
            state.put("lastError", status.lastError() == null ? null : status.lastError().message());
            state.put("consecutiveFailures", status.consecutiveFailures());
            state.put("nextRun", status.nextRun() != null ? status.nextRun() : "on demand");
            details.put(status.account(), state);
        }
        // a failing reconciliation does not stop Ponte from taking webhooks: UP, with the failure in the details
        return Health.up().withDetail("store", store == null ? "none" : store.dialect()).withDetail("accounts", details).build();
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || accounts.isEmpty() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ponte-reconcile");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::runDue, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Cakto reconciliation of {} every {}", accounts.keySet(), properties.interval());
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public void close() throws Exception {
        stop();
        if (store != null) {
            store.close();
        }
    }
}
