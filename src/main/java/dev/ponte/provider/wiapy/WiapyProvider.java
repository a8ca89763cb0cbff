package dev.ponte.provider.wiapy;

import dev.ponte.provider.Authenticator;
import dev.ponte.provider.Normalizer;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.provider.WebhookProvider;

/** Wiapy purchase webhooks (docs/providers/wiapy.md, https://ajuda.wiapy.com/wiapy/produtor/integracoes/webhook). */
public final class WiapyProvider implements WebhookProvider {

    public static final String NAME = "wiapy";

    private final WiapyAuthenticator authenticator;
    private final WiapyNormalizer normalizer;

    public WiapyProvider(ProviderSettings settings) {
        this.authenticator = new WiapyAuthenticator(settings.credentials());
        this.normalizer = new WiapyNormalizer(settings.timeZone());
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
