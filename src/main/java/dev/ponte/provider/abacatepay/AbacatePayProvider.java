package dev.ponte.provider.abacatepay;

import dev.ponte.provider.Authenticator;
import dev.ponte.provider.Normalizer;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.provider.WebhookProvider;

/** AbacatePay (docs.abacatepay.com): API v2 events and the v1 {@code billing.*} events it still documents. */
public final class AbacatePayProvider implements WebhookProvider {

    public static final String NAME = "abacatepay";

    private final AbacatePayAuthenticator authenticator;
    private final AbacatePayNormalizer normalizer;

    public AbacatePayProvider(ProviderSettings settings) {
        this.authenticator = new AbacatePayAuthenticator(settings);
        this.normalizer = new AbacatePayNormalizer(settings.timeZone());
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
