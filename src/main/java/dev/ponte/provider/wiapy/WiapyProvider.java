package dev.ponte.provider.wiapy;

import dev.ponte.provider.ProviderDefinition;
import dev.ponte.provider.ProviderSettings;

/** Wiapy purchase webhooks (docs/providers/wiapy.md, https://ajuda.wiapy.com/wiapy/produtor/integracoes/webhook). */
public final class WiapyProvider extends ProviderDefinition {

    public static final String NAME = "wiapy";

    public WiapyProvider(ProviderSettings settings) {
        super(NAME, new WiapyAuthenticator(settings.credentials()), new WiapyNormalizer(settings.timeZone()));
    }
}
