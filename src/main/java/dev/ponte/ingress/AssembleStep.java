package dev.ponte.ingress;

import dev.ponte.provider.WebhookRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Clock;
import java.time.Instant;

/** The unified event of the provider's normalization ({@link EventAssembler}) becomes the message body. */
final class AssembleStep implements Processor {

    private final Clock clock;

    AssembleStep(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        WebhookRequest request = WebhookExchange.request(exchange);
        exchange.getMessage().setBody(EventAssembler.assemble(WebhookExchange.provider(exchange),
                WebhookExchange.normalization(exchange), request.json(), request.body(), Instant.now(clock)));
    }
}
