package dev.ponte.reconcile;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** Health component {@code reconcile}: always UP (Ponte takes webhooks either way), the runs' state as details. */
public class ReconcileHealth implements HealthIndicator {

    private final Reconciliation reconciliation;

    public ReconcileHealth(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Override
    public Health health() {
        return reconciliation.health();
    }
}
