package dev.ponte.ingress;

import dev.ponte.event.UnifiedEvent;
import dev.ponte.http.WebhookMetrics;
import dev.ponte.http.WebhookResponses;
import dev.ponte.provider.Normalization;
import dev.ponte.publish.PublishProducer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The answer once the event is confirmed by the broker (200 {@code accepted}, 202 {@code parked}) or on disk in the
 * spool (202 {@code spooled}): its claim is confirmed first, so a provider retry is a duplicate from then on.
 */
final class AnswerStep implements Processor {

    private final WebhookOutcomes outcomes;
    private final WebhookMetrics metrics;

    AnswerStep(WebhookOutcomes outcomes, WebhookMetrics metrics) {
        this.outcomes = outcomes;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        UnifiedEvent event = exchange.getMessage().getBody(UnifiedEvent.class);
        exchange.getProperty(WebhookExchange.CLAIM, WebhookExchange.HeldClaim.class).confirm();
        if (exchange.getProperty(PublishProducer.SPOOLED, false, Boolean.class)) {
            // remembered as published: the drain publishes it with this id, a provider retry is a duplicate
            outcomes.finish(exchange, WebhookMetrics.Outcome.SPOOLED, event, null);
            WebhookResponses.json(exchange, 202, WebhookResponses.object("status", "spooled", "id", event.id()));
            return;
        }
        metrics.published(event.routingKey());
        Normalization normalization = WebhookExchange.normalization(exchange);
        if (normalization.mapped()) {
            outcomes.finish(exchange, WebhookMetrics.Outcome.ACCEPTED, event, null);
            WebhookResponses.json(exchange, 200,
                    WebhookResponses.object("status", "accepted", "id", event.id(), "type", event.type()));
        } else {
            outcomes.finish(exchange, WebhookMetrics.Outcome.PARKED, event, normalization.parkReason());
            WebhookResponses.json(exchange, 202, WebhookResponses.object("status", "parked", "id", event.id(),
                    "reason", normalization.parkReason()));
        }
    }

    /** 200 {@code duplicate}: the event's id was published before; nothing is published again. */
    void duplicate(Exchange exchange) {
        UnifiedEvent event = exchange.getMessage().getBody(UnifiedEvent.class);
        outcomes.finish(exchange, WebhookMetrics.Outcome.DUPLICATE, event, null);
        WebhookResponses.json(exchange, 200, WebhookResponses.object("status", "duplicate", "id", event.id()));
    }
}
