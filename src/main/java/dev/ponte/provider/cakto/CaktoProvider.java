package dev.ponte.provider.cakto;

import dev.ponte.provider.Authenticator;
import dev.ponte.provider.Normalizer;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.provider.WebhookProvider;

/** Cakto (https://docs.cakto.com.br/conceitos/webhooks): secret in the body, one event name per delivery. */
public final class CaktoProvider implements WebhookProvider {

    public static final String NAME = "cakto";

    private final CaktoAuthenticator authenticator;
    private final CaktoNormalizer normalizer;

    public CaktoProvider(ProviderSettings settings) {
        this.authenticator = new CaktoAuthenticator(settings.credentials());
        this.normalizer = new CaktoNormalizer(settings.timeZone());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Authenticator authenticator() {
        return authenticator;
    }

    @Override
    public Normalizer normalizer() {
        return normalizer;
    }
}
