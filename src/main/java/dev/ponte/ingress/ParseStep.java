package dev.ponte.ingress;

import dev.ponte.http.WebhookRejectedException;
import dev.ponte.provider.InvalidWebhookException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Parses the body as a JSON object (once: the request keeps the tree); 400 when it is not one. */
final class ParseStep implements Processor {

    @Override
    public void process(Exchange exchange) {
        try {
            WebhookExchange.request(exchange).json();
        } catch (InvalidWebhookException e) {
            throw WebhookRejectedException.invalidJson(e.getMessage());
        }
    }
}
