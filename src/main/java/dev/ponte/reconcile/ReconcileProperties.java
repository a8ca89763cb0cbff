package dev.ponte.reconcile;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The reconciliation of Cakto deliveries (accounts: {@code ponte.providers.cakto.api.accounts}).
 *
 * @param enabled          run on the schedule below; off: only on demand ({@code POST /admin/api/reconcile})
 * @param interval         time between two runs of an account
 * @param lookback         how far back the first run of an account reads the delivery history (later runs start at
 *                         the account's checkpoint)
 * @param overlap          each run reads this much before the checkpoint again, for deliveries Cakto records late
 * @param resendsPerSecond most resends asked of Cakto per second (all accounts together)
 * @param maxAttempts      resends of one event before the reconciliation gives up on it (logged)
 * @param retryInitial     wait before trying again after a failed run (Cakto unreachable, 5xx); doubles on each
 *                         further failure
 * @param retryMax         cap of that wait; also the wait after Cakto refused the credentials
 * @param dir              folder of the reconciliation's SQLite database (checkpoints, resends), used when no
 *                         {@code spring.datasource.url} is set; with one, its PostgreSQL database is used
 */
@ConfigurationProperties("ponte.reconcile")
public record ReconcileProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("10m") Duration interval,
                                  @DefaultValue("24h") Duration lookback,
                                  @DefaultValue("15m") Duration overlap,
                                  @DefaultValue("2") double resendsPerSecond,
                                  @DefaultValue("3") int maxAttempts,
                                  @DefaultValue("30s") Duration retryInitial,
                                  @DefaultValue("1h") Duration retryMax,
                                  @DefaultValue("./data/reconcile") String dir) {

    public ReconcileProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("ponte.reconcile.interval must be positive");
        }
        if (!(resendsPerSecond > 0)) {
            throw new IllegalArgumentException("ponte.reconcile.resends-per-second must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ponte.reconcile.max-attempts must be at least 1");
        }
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("ponte.reconcile.retry-initial must be positive and at most "
                    + "ponte.reconcile.retry-max");
        }
    }
}
