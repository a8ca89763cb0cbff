package dev.ponte.ingress;

import dev.ponte.event.UnifiedEvent;
import dev.ponte.http.WebhookMetrics;
import dev.ponte.http.WebhookOutcome;
import dev.ponte.http.WebhookOutcomeListener;
import dev.ponte.provider.WebhookProvider;
import dev.ponte.publish.PublishProducer;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The one log line, the metrics and the outcome listeners of each webhook's outcome. */
final class WebhookOutcomes {

    private static final Logger log = LoggerFactory.getLogger(WebhookOutcomes.class);

    private final WebhookMetrics metrics;
    private final Clock clock;
    private final List<WebhookOutcomeListener> listeners;

    /** @param listeners told of every webhook's outcome (the event log) */
    WebhookOutcomes(WebhookMetrics metrics, Clock clock, List<WebhookOutcomeListener> listeners) {
        this.metrics = metrics;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    boolean listened() {
        return !listeners.isEmpty();
    }

    void finish(Exchange exchange, WebhookMetrics.Outcome outcome, UnifiedEvent event, String detail) {
        WebhookProvider provider = WebhookExchange.provider(exchange);
        String providerName = provider != null ? provider.name() : null;
        metrics.received(providerName, outcome);
        Long started = exchange.getProperty(WebhookExchange.STARTED, Long.class);
        if (started != null) {
            metrics.latency().record(Duration.ofNanos(System.nanoTime() - started));
        }
        String outcomeLabel = outcome.label();
        String providerLabel = providerName != null ? providerName : "unknown";
        String eventId = event != null ? event.id() : null;
        String type = event != null ? event.routingKey() : null;
        String requestId = WebhookExchange.requestId(exchange);
        // the same facts as MDC fields, so the JSON log format carries them as fields
        try (var a = MDC.putCloseable("outcome", outcomeLabel); var b = MDC.putCloseable("provider", providerLabel);
             var c = MDC.putCloseable("event_id", eventId); var d = MDC.putCloseable("type", type);
             var e = MDC.putCloseable("request_id", requestId)) {
            log.info("webhook outcome={} provider={} id={} type={} request_id={}{}", outcomeLabel, providerLabel,
                    eventId, type, requestId, detail != null ? " detail=\"" + detail + "\"" : "");
        }
        if (listeners.isEmpty()) {
            return;
        }
        WebhookExchange.Client client = exchange.getProperty(WebhookExchange.CLIENT, WebhookExchange.Client.class);
        Instant now = Instant.now(clock);
        String named = providerName != null ? providerName : pathName(exchange);
        WebhookOutcome told = new WebhookOutcome(outcomeLabel, named, detail, event, requestId,
                client != null ? client.receivedAt() : now, now, client != null ? client.remoteAddress() : null,
                client != null ? client.userAgent() : null, client != null ? client.bodyBytes() : 0,
                exchange.getProperty(PublishProducer.EVENT_JSON, byte[].class));
        for (WebhookOutcomeListener listener : listeners) {
            try {
                listener.onOutcome(told);
            } catch (RuntimeException e) {
                log.warn("webhook outcome listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static String pathName(Exchange exchange) {
        String name = exchange.getProperty(WebhookExchange.PROVIDER_NAME, String.class);
        return name != null ? name : exchange.getIn().getHeader("provider", String.class);
    }
}
