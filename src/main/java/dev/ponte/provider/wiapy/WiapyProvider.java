package dev.ponte.provider.wiapy;

import dev.ponte.provider.Authenticators;
import dev.ponte.provider.ProviderDefinition;
import dev.ponte.provider.ProviderSettings;

/** Wiapy purchase webhooks (docs/providers/wiapy.md, https://ajuda.wiapy.com/wiapy/produtor/integracoes/webhook). */
public final class WiapyProvider extends ProviderDefinition {

    public static final String NAME = "wiapy";
    /** The registered token, raw ("Authorization: seu_token", https://ajuda.wiapy.com/wiapy/produtor/integracoes/webhook). */
    public static final String TOKEN_HEADER = "Authorization";

    public WiapyProvider(ProviderSettings settings) {
        // a "Bearer " prefix is tolerated (our choice), so that a token pasted with the scheme still works
        super(NAME, Authenticators.tokenInHeader(TOKEN_HEADER, "Bearer", settings.credentials()),
                new WiapyNormalizer(settings.timeZone()));
    }
}
