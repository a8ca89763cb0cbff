package dev.ponte.ingress;

import dev.ponte.provider.ProviderRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/{provider}}: the size limit runs before (WebhookBodyFilter); then a content-based
 * router sends each webhook to its provider's route (authenticate, parse, normalize), and the unified event is
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

        from("platform-http:/webhooks/{provider}?httpMethodRestrict=POST&muteException=true")
                .routeId("webhook-ingress")
                .process(ingress::receive)
                .toD("direct:webhook-${exchangeProperty.ponteProviderName}")
                .process(ingress::publish);

        for (String name : providers.names()) {
            from("direct:webhook-" + name)
                    .routeId("webhook-" + name)
                    .errorHandler(noErrorHandler())
                    .process(ingress::authenticate)
                    .process(ingress::parse)
                    .process(ingress::normalize);
        }
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
