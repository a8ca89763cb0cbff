package dev.ponte.ingress;

import dev.ponte.http.WebhookBodyFilter;
import dev.ponte.http.WebhookMetrics;
import dev.ponte.http.WebhookRejectedException;
import dev.ponte.http.WebhookResponses;

import dev.ponte.provider.ProviderRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/{provider}}: the size limit runs before (WebhookBodyFilter); then a content-based
 * router sends each webhook to its provider's branch (authenticate, parse, normalize), and the unified event is
 * published once, with publisher confirms, before the answer.
 */
public class WebhookIngressRoute extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(WebhookIngressRoute.class);

    private final WebhookIngress ingress;
    private final ProviderRegistry providers;
    private final long retryAfterSeconds;

    public WebhookIngressRoute(WebhookIngress ingress, ProviderRegistry providers, long retryAfterSeconds) {
        this.ingress = ingress;
        this.providers = providers;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void configure() {
        onException(WebhookRejectedException.class).handled(true).process(this::rejected);
        onException(Exception.class).handled(true).process(this::unexpected);

        // content-based router: one branch per provider, each authenticating, parsing and normalizing with that
        // provider's own Authenticator and Normalizer; in one route, so a webhook crosses a single route
        var router = from("platform-http:/webhooks/{provider}?httpMethodRestrict=POST&muteException=true")
                .routeId("webhook-ingress")
                .process(guarded(ingress::receive))
                .choice();
        for (String name : providers.names()) {
            router.when(exchangeProperty(WebhookIngress.PROVIDER_NAME).isEqualTo(name))
                    .process(guarded(ingress::authenticate))
                    .process(guarded(ingress::parse))
                    .process(guarded(ingress::normalize));
        }
        router.end().process(guarded(ingress::publish));
    }

    /**
     * Camel's error handling catches Exceptions only: an Error of a step (OutOfMemoryError, StackOverflowError)
     * skipped onException, and platform-http answered 200 with the request body echoed (credential and personal
     * data included) for an event never stored. Wrapped in an Exception it is the 500 of an unexpected failure.
     */
    private static Processor guarded(Processor step) {
        return exchange -> {
            try {
                step.process(exchange);
            } catch (Error e) {
                throw new IllegalStateException("webhook step failed with " + e.getClass().getName(), e);
            }
        };
    }

    private void rejected(Exchange exchange) {
        WebhookRejectedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejectedException.class);
        ingress.finish(exchange, e.outcome(), null, e.getMessage());
        WebhookResponses.json(exchange, e.status(), WebhookResponses.object("error", e.error(), "detail",
                e.getMessage()));
        if (e.status() == 503) {
            exchange.getMessage().setHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
    }

    private void unexpected(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String requestId = WebhookIngress.requestId(exchange);
        log.error("Unexpected failure of webhook request {}", requestId, e);
        ingress.finish(exchange, WebhookMetrics.Outcome.ERROR, null, null);
        WebhookResponses.json(exchange, 500, WebhookResponses.object("error", "internal_error", "request_id",
                requestId));
    }
}
