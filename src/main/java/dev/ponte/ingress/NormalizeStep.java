package dev.ponte.ingress;

import dev.ponte.event.NormalizationException;
import dev.ponte.provider.Normalization;
import dev.ponte.provider.WebhookProvider;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's normalizer as a step of its branch. A payload the normalizer cannot read is parked, never refused:
 * it is authenticated and must not be lost.
 */
final class NormalizeStep implements Processor {

    private static final Logger log = LoggerFactory.getLogger(NormalizeStep.class);

    private final WebhookProvider provider;

    NormalizeStep(WebhookProvider provider) {
        this.provider = provider;
    }

    @Override
    public void process(Exchange exchange) {
        Normalization normalization;
        try {
            normalization = provider.normalizer().normalize(WebhookExchange.request(exchange).json());
        } catch (NormalizationException e) {
            normalization = Normalization.unmapped(null, "not normalizable: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("Normalizer of {} failed on a payload (request {}); the webhook is parked", provider.name(),
                    WebhookExchange.requestId(exchange), e);
            normalization = Normalization.unmapped(null, "not normalizable: internal normalizer error");
        }
        exchange.setProperty(WebhookExchange.NORMALIZATION, normalization);
    }

    @Override
    public String toString() {
        return provider.name() + "-normalize";
    }
}
