package dev.ponte.ingress;

import dev.ponte.http.WebhookRejectedException;
import dev.ponte.provider.InvalidWebhookException;
import dev.ponte.provider.WebhookProvider;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** One provider's authenticator as a step of its branch: 401 unless the webhook carries that provider's secret. */
final class AuthenticateStep implements Processor {

    private final WebhookProvider provider;

    AuthenticateStep(WebhookProvider provider) {
        this.provider = provider;
    }

    @Override
    public void process(Exchange exchange) {
        boolean authentic;
        try {
            authentic = provider.authenticator().isConfigured()
                    && provider.authenticator().authenticate(WebhookExchange.request(exchange));
        } catch (InvalidWebhookException e) {
            throw WebhookRejectedException.invalidJson(e.getMessage());
        }
        if (!authentic) {
            throw WebhookRejectedException.unauthorized();
        }
    }

    @Override
    public String toString() {
        return provider.name() + "-authenticate";
    }
}
