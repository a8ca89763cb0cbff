package dev.ponte.ingress;

import dev.ponte.http.WebhookBodyFilter;
import dev.ponte.http.WebhookMetrics;
import dev.ponte.http.WebhookOutcome;
import dev.ponte.http.WebhookOutcomeListener;
import dev.ponte.http.WebhookRejectedException;
import dev.ponte.http.WebhookResponses;
import dev.ponte.idempotency.IdempotencyStore;
import dev.ponte.publish.BrokerUnavailableException;
import dev.ponte.publish.EventPublisher;
import dev.ponte.publish.EventSpool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.config.PonteProperties;
import dev.ponte.event.EventJson;
import dev.ponte.event.NormalizationException;
import dev.ponte.event.UnifiedEvent;
import dev.ponte.provider.InvalidWebhookException;
import dev.ponte.provider.Normalization;
import dev.ponte.provider.ProviderRegistry;
import dev.ponte.provider.WebhookProvider;
import dev.ponte.provider.WebhookRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of the webhook route, each a small method the routes call: receive, authenticate, parse,
 * normalize, publish once. State travels in exchange properties, never in headers (headers become HTTP
 * response headers and could echo a credential).
 */
public class WebhookIngress {

    static final String PROVIDER = "ponteProvider";
    static final String PROVIDER_NAME = "ponteProviderName";
    static final String REQUEST = "ponteRequest";
    static final String NORMALIZATION = "ponteNormalization";
    static final String STARTED = "ponteStarted";
    static final String REQUEST_ID = "ponteRequestId";
    static final String CLIENT = "ponteClient";
    /** The event as published (serialized once): what the outcome listeners keep. */
    static final String EVENT_JSON = "ponteEventJson";

    private static final Logger log = LoggerFactory.getLogger(WebhookIngress.class);

    private final ProviderRegistry providers;
    private final IdempotencyStore idempotency;
    private final EventPublisher publisher;
    private final EventSpool spool;
    private final WebhookMetrics metrics;
    private final Duration claimWait;
    private final Clock clock;
    private final List<WebhookOutcomeListener> listeners;

    /** @param spool null when {@code ponte.spool.enabled=false}: a broker outage is then answered 503 */
    public WebhookIngress(ProviderRegistry providers, IdempotencyStore idempotency, EventPublisher publisher,
                          EventSpool spool, WebhookMetrics metrics, PonteProperties.Publish publish, Clock clock) {
        this(providers, idempotency, publisher, spool, metrics, publish, clock, List.of());
    }

    /** @param listeners told of every webhook's outcome (the event log) */
    public WebhookIngress(ProviderRegistry providers, IdempotencyStore idempotency, EventPublisher publisher,
                          EventSpool spool, WebhookMetrics metrics, PonteProperties.Publish publish, Clock clock,
                          List<WebhookOutcomeListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.providers = providers;
        this.idempotency = idempotency;
        this.publisher = publisher;
        this.spool = spool;
        this.metrics = metrics;
        this.claimWait = publish.confirmTimeout().plusSeconds(1);
        this.clock = clock;
    }

    /** Resolves the provider of the path (404 when unknown) and captures the request as received. */
    public void receive(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
        HttpServletRequest servlet = exchange.getIn(PlatformHttpMessage.class).getRequest();
        exchange.setProperty(REQUEST_ID, servlet.getAttribute(WebhookBodyFilter.REQUEST_ID));
        if (!listeners.isEmpty()) {
            byte[] raw = (byte[]) servlet.getAttribute(WebhookBodyFilter.RAW_BODY);
            exchange.setProperty(CLIENT, new Client(Instant.now(clock), servlet.getRemoteAddr(),
                    servlet.getHeader("User-Agent"), raw == null ? 0 : raw.length));
        }
        String name = exchange.getIn().getHeader("provider", String.class);
        WebhookProvider provider = providers.find(name).orElseThrow(WebhookRejectedException::unknownProvider);
        byte[] body = (byte[]) servlet.getAttribute(WebhookBodyFilter.RAW_BODY);
        if (body == null) {
            throw new IllegalStateException("WebhookBodyFilter did not run for " + servlet.getRequestURI());
        }
        exchange.setProperty(PROVIDER, provider);
        exchange.setProperty(PROVIDER_NAME, provider.name());
        exchange.setProperty(REQUEST, new WebhookRequest(provider.name(), body, headers(servlet),
                query(servlet), EventJson.mapper()));
    }

    public void authenticate(Exchange exchange) {
        WebhookProvider provider = provider(exchange);
        boolean authentic;
        try {
            authentic = provider.authenticator().isConfigured()
                    && provider.authenticator().authenticate(request(exchange));
        } catch (InvalidWebhookException e) {
            throw WebhookRejectedException.invalidJson(e.getMessage());
        }
        if (!authentic) {
            throw WebhookRejectedException.unauthorized();
        }
    }

    public void parse(Exchange exchange) {
        try {
            request(exchange).json();
        } catch (InvalidWebhookException e) {
            throw WebhookRejectedException.invalidJson(e.getMessage());
        }
    }

    /** A payload the normalizer cannot read is parked, never refused: it is authenticated and must not be lost. */
    public void normalize(Exchange exchange) {
        WebhookProvider provider = provider(exchange);
        ObjectNode body = request(exchange).json();
        Normalization normalization;
        try {
            normalization = provider.normalizer().normalize(body);
        } catch (NormalizationException e) {
            normalization = Normalization.unmapped(null, "not normalizable: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("Normalizer of {} failed on a payload (request {}); the webhook is parked", provider.name(),
                    requestId(exchange), e);
            normalization = Normalization.unmapped(null, "not normalizable: internal normalizer error");
        }
        exchange.setProperty(NORMALIZATION, normalization);
    }

    /**
     * Publishes once per event id and answers; 2xx only after the broker's confirm, or 202 once the spool has
     * the event on disk. While earlier events wait in the spool, new ones join them there, so they keep their
     * arrival order and an outage costs no connection attempt per webhook.
     */
    public void publish(Exchange exchange) {
        WebhookProvider provider = provider(exchange);
        WebhookRequest request = request(exchange);
        Normalization normalization = exchange.getProperty(NORMALIZATION, Normalization.class);
        UnifiedEvent event = EventAssembler.assemble(provider, normalization, request.json(), request.body(),
                Instant.now(clock));
        IdempotencyStore.Claim claim;
        try {
            claim = idempotency.claim(event.id(), claimWait);
        } catch (BrokerUnavailableException e) {
            // the same event still in flight in another delivery: retry later
            throw WebhookRejectedException.unavailable(e.getMessage());
        }
        if (claim.duplicate()) {
            finish(exchange, WebhookMetrics.Outcome.DUPLICATE, event, null);
            WebhookResponses.json(exchange, 200, WebhookResponses.object("status", "duplicate", "id", event.id()));
            return;
        }
        // the claim is settled (confirmed or released) on every path, an Error included: a claim left held would
        // make every retry of the event wait, then answer 503, for the life of the process
        boolean settled = false;
        try {
            byte[] json = EventPublisher.body(event);
            exchange.setProperty(EVENT_JSON, json);
            if (spool != null && spool.depth() > 0) {
                settled = true;
                spool(exchange, event, claim);
                return;
            }
            try {
                publisher.publish(event, json);
            } catch (BrokerUnavailableException e) {
                if (spool == null) {
                    throw WebhookRejectedException.unavailable(e.getMessage());
                }
                log.warn("broker did not confirm event {} ({}); spooling it", event.id(), e.getMessage());
                settled = true;
                spool(exchange, event, claim);
                return;
            }
            settled = true;
            claim.confirm();
        } finally {
            if (!settled) {
                claim.release();
            }
        }
        metrics.published(event.routingKey());
        if (normalization.mapped()) {
            finish(exchange, WebhookMetrics.Outcome.ACCEPTED, event, null);
            WebhookResponses.json(exchange, 200,
                    WebhookResponses.object("status", "accepted", "id", event.id(), "type", event.type()));
        } else {
            finish(exchange, WebhookMetrics.Outcome.PARKED, event, normalization.parkReason());
            WebhookResponses.json(exchange, 202, WebhookResponses.object("status", "parked", "id", event.id(),
                    "reason", normalization.parkReason()));
        }
    }

    /** Spools the event and settles its claim: confirmed once on disk, released on any failure. */
    private void spool(Exchange exchange, UnifiedEvent event, IdempotencyStore.Claim claim) {
        boolean spooled = false;
        try {
            byte[] json = exchange.getProperty(EVENT_JSON, byte[].class);
            spool.append(event.id(), event.routingKey(), event.provider(), EventPublisher.time(event),
                    event.receivedAt(), json != null ? json : EventPublisher.body(event));
            spooled = true;
        } catch (RuntimeException e) {
            throw WebhookRejectedException.unavailable("broker unavailable and spool not accepting: " + e.getMessage());
        } finally {
            if (!spooled) {
                claim.release();
            }
        }
        // remembered as published: the drain publishes it with this id, a provider retry is a duplicate
        claim.confirm();
        finish(exchange, WebhookMetrics.Outcome.SPOOLED, event, null);
        WebhookResponses.json(exchange, 202, WebhookResponses.object("status", "spooled", "id", event.id()));
    }

    /** The one log line and the metrics of a webhook's outcome. */
    void finish(Exchange exchange, WebhookMetrics.Outcome outcome, UnifiedEvent event, String detail) {
        WebhookProvider provider = exchange.getProperty(PROVIDER, WebhookProvider.class);
        String providerName = provider != null ? provider.name() : null;
        metrics.received(providerName, outcome);
        Long started = exchange.getProperty(STARTED, Long.class);
        if (started != null) {
            metrics.latency().record(Duration.ofNanos(System.nanoTime() - started));
        }
        String outcomeLabel = outcome.name().toLowerCase();
        String providerLabel = providerName != null ? providerName : "unknown";
        String eventId = event != null ? event.id() : null;
        String type = event != null ? event.routingKey() : null;
        String requestId = requestId(exchange);
        // the same facts as MDC fields, so the JSON log format carries them as fields
        try (var a = MDC.putCloseable("outcome", outcomeLabel); var b = MDC.putCloseable("provider", providerLabel);
             var c = MDC.putCloseable("event_id", eventId); var d = MDC.putCloseable("type", type);
             var e = MDC.putCloseable("request_id", requestId)) {
            log.info("webhook outcome={} provider={} id={} type={} request_id={}{}", outcomeLabel, providerLabel, eventId,
                    type, requestId, detail != null ? " detail=\"" + detail + "\"" : "");
        }
        if (!listeners.isEmpty()) {
            Client client = exchange.getProperty(CLIENT, Client.class);
            Instant now = Instant.now(clock);
            WebhookOutcome told = new WebhookOutcome(outcomeLabel, providerName != null ? providerName
                    : exchange.getIn().getHeader("provider", String.class), detail, event, requestId,
                    client != null ? client.receivedAt() : now, now, client != null ? client.remoteAddress() : null,
                    client != null ? client.userAgent() : null, client != null ? client.bodyBytes() : 0,
                    exchange.getProperty(EVENT_JSON, byte[].class));
            for (WebhookOutcomeListener listener : listeners) {
                try {
                    listener.onOutcome(told);
                } catch (RuntimeException e) {
                    log.warn("webhook outcome listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    /** The request facts the outcome listeners get, taken when the route starts. */
    private record Client(Instant receivedAt, String remoteAddress, String userAgent, int bodyBytes) {
    }

    static String requestId(Exchange exchange) {
        Object id = exchange.getProperty(REQUEST_ID);
        if (id == null && exchange.getIn() instanceof PlatformHttpMessage message) {
            id = message.getRequest().getAttribute(WebhookBodyFilter.REQUEST_ID);
        }
        return id != null ? id.toString() : null;
    }

    private static WebhookProvider provider(Exchange exchange) {
        return exchange.getProperty(PROVIDER, WebhookProvider.class);
    }

    private static WebhookRequest request(Exchange exchange) {
        return exchange.getProperty(REQUEST, WebhookRequest.class);
    }

    private static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        Enumeration<String> names = request.getHeaderNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            headers.putIfAbsent(name, request.getHeader(name));
        }
        return headers;
    }

    /** Query parameters from the query string only: a form-encoded body is never read as parameters. */
    private static Map<String, String> query(HttpServletRequest request) {
        Map<String, String> query = new HashMap<>();
        String raw = request.getQueryString();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (key != null && value != null) {
                query.putIfAbsent(key, value);
            }
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
