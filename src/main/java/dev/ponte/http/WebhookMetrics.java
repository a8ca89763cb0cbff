package dev.ponte.http;

import dev.ponte.provider.ProviderRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Webhook counters and latency. Labels hold only known provider names (anything else is {@code unknown}, so a
 * caller cannot create series), outcomes and event types: never a secret or personal data.
 */
public class WebhookMetrics {

    public enum Outcome {
        ACCEPTED, DUPLICATE, PARKED, SPOOLED, UNAUTHORIZED, INVALID, TOO_LARGE, BODY_TIMEOUT, UNAVAILABLE, UNKNOWN_PROVIDER,
        ERROR;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final ProviderRegistry providers;
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Timer latency;

    public WebhookMetrics(MeterRegistry registry, ProviderRegistry providers) {
        this.registry = registry;
        this.providers = providers;
        this.latency = Timer.builder("ponte.ingress.latency")
                .description("Time from webhook received to answer")
                // buckets, so p50/p95/p99 are computed across instances: histogram_quantile(0.99, ...)
                .publishPercentileHistogram()
                .maximumExpectedValue(java.time.Duration.ofSeconds(10))
                .register(registry);
    }

    public void received(String provider, Outcome outcome) {
        String label = provider != null && providers.find(provider).isPresent() ? provider : "unknown";
        received.computeIfAbsent(label + "|" + outcome, k -> Counter.builder("ponte.webhooks.received")
                .description("Webhooks received, by provider and outcome")
                .tag("provider", label).tag("outcome", outcome.label())
                .register(registry)).increment();
    }

    public void published(String routingKey) {
        String type = routingKey.startsWith("unmapped.") ? "unmapped" : routingKey;
        published.computeIfAbsent(type, k -> Counter.builder("ponte.events.published")
                .description("Unified events confirmed by the broker, by type")
                .tag("type", type).register(registry)).increment();
    }

    public Timer latency() {
        return latency;
    }
}
