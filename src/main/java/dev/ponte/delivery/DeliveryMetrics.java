package dev.ponte.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code ponte_deliveries_total{route,outcome}}: delivered, retried, dead_lettered. */
public class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void delivered(String route) {
        counter(route, "delivered").increment();
    }

    public void retried(String route) {
        counter(route, "retried").increment();
    }

    public void deadLettered(String route) {
        counter(route, "dead_lettered").increment();
    }

    private Counter counter(String route, String outcome) {
        String safeRoute = route == null ? "unknown" : route;
        return counters.computeIfAbsent(safeRoute + "|" + outcome, k -> Counter.builder("ponte.deliveries")
                .description("Deliveries of destination routes, by outcome")
                .tag("route", safeRoute).tag("outcome", outcome).register(registry));
    }
}
