package dev.ponte.ingress;

import dev.ponte.http.WebhookMetrics;
import dev.ponte.http.WebhookRejectedException;
import dev.ponte.http.WebhookResponses;
import dev.ponte.provider.ProviderRegistry;
import dev.ponte.provider.WebhookProvider;
import dev.ponte.publish.BrokerUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ChoiceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/{provider}}, the whole path of a webhook (the size limit and the body deadline run before, in
 * {@link dev.ponte.http.WebhookBodyFilter}): receive; a content-based router sends each webhook to its own provider's
 * branch (that provider's authenticator and normalizer, step ids {@code <provider>-authenticate},
 * {@code <provider>-parse}, {@code <provider>-normalize}), an unknown provider is 404; the unified event is
 * assembled, claimed once by its id (a duplicate is answered 200 and goes no further), published with a publisher
 * confirm ({@code ponte-publish}, or spooled while the broker cannot take it) and answered: 2xx only once the broker
 * confirmed the event or the spool has it on disk.
 */
public class WebhookIngressRoute extends RouteBuilder {

    public static final String ROUTE_ID = "webhook-ingress";

    private static final Logger log = LoggerFactory.getLogger(WebhookIngressRoute.class);

    private final ProviderRegistry providers;
    private final ReceiveStep receive;
    private final AssembleStep assemble;
    private final IdempotencyStep idempotency;
    private final AnswerStep answer;
    private final WebhookOutcomes outcomes;
    private final long retryAfterSeconds;

    WebhookIngressRoute(ProviderRegistry providers, ReceiveStep receive, AssembleStep assemble,
                        IdempotencyStep idempotency, AnswerStep answer, WebhookOutcomes outcomes,
                        long retryAfterSeconds) {
        this.providers = providers;
        this.receive = receive;
        this.assemble = assemble;
        this.idempotency = idempotency;
        this.answer = answer;
        this.outcomes = outcomes;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void configure() {
        onException(WebhookRejectedException.class).handled(true).process(this::rejected);
        onException(BrokerUnavailableException.class).handled(true).process(this::unavailable);
        onException(Exception.class).handled(true).process(this::unexpected);

        ChoiceDefinition router = from("platform-http:/webhooks/{provider}?httpMethodRestrict=POST&muteException=true")
                .routeId(ROUTE_ID)
                .process(guarded(receive)).id("receive")
                .choice();
        for (String name : providers.names()) {
            WebhookProvider provider = providers.find(name).orElseThrow();
            router.when(exchangeProperty(WebhookExchange.PROVIDER_NAME).isEqualTo(name))
                    .setProperty(WebhookExchange.PROVIDER, constant(provider)).id(name + "-provider")
                    .process(guarded(new AuthenticateStep(provider))).id(name + "-authenticate")
                    .process(guarded(new ParseStep())).id(name + "-parse")
                    .process(guarded(new NormalizeStep(provider))).id(name + "-normalize");
        }
        router.otherwise()
                .process(exchange -> {
                    throw WebhookRejectedException.unknownProvider();
                }).id("unknown-provider")
                .end()
                .process(guarded(assemble)).id("assemble")
                .process(guarded(idempotency)).id("idempotency")
                .filter(exchangeProperty(WebhookExchange.DUPLICATE).isEqualTo(true))
                    .process(guarded(answer::duplicate)).id("answer-duplicate")
                    .stop()
                .end()
                // synchronous: the servlet engine holds the request thread until the answer anyway
                // (WebhookHttpEngine), so that thread, not the AMQP client's, runs the rest of the route
                .to("ponte-publish:{{ponte.publish.exchange}}?synchronous=true").id("publish")
                .process(guarded(answer)).id("answer");
    }

    /**
     * Camel's error handling catches Exceptions only: an Error of a step (OutOfMemoryError, StackOverflowError)
     * skipped onException, and platform-http answered 200 with the request body echoed (credential and personal
     * data included) for an event never stored. Wrapped in an Exception it is the 500 of an unexpected failure.
     */
    private static Processor guarded(Processor step) {
        return new Processor() {
            @Override
            public void process(Exchange exchange) throws Exception {
                try {
                    step.process(exchange);
                } catch (Error e) {
                    throw new IllegalStateException("webhook step failed with " + e.getClass().getName(), e);
                }
            }

            @Override
            public String toString() {
                return step.toString();
            }
        };
    }

    private void rejected(Exchange exchange) {
        rejected(exchange, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejectedException.class));
    }

    /** The broker did not take the event and the spool did not either, or the same event is in flight elsewhere. */
    private void unavailable(Exchange exchange) {
        BrokerUnavailableException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                BrokerUnavailableException.class);
        rejected(exchange, WebhookRejectedException.unavailable(e.getMessage()));
    }

    private void rejected(Exchange exchange, WebhookRejectedException e) {
        WebhookExchange.releaseClaim(exchange);
        outcomes.finish(exchange, e.outcome(), null, e.getMessage());
        WebhookResponses.json(exchange, e.status(), WebhookResponses.object("error", e.error(), "detail",
                e.getMessage()));
        if (e.status() == 503) {
            exchange.getMessage().setHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
    }

    private void unexpected(Exchange exchange) {
        WebhookExchange.releaseClaim(exchange);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String requestId = WebhookExchange.requestId(exchange);
        log.error("Unexpected failure of webhook request {}", requestId, e);
        outcomes.finish(exchange, WebhookMetrics.Outcome.ERROR, null, null);
        WebhookResponses.json(exchange, 500, WebhookResponses.object("error", "internal_error", "request_id",
                requestId));
    }

}
