package dev.ponte.provider.cakto;

import dev.ponte.provider.ProviderDefinition;
import dev.ponte.provider.ProviderSettings;

/** Cakto (https://docs.cakto.com.br/conceitos/webhooks): secret in the body, one event name per delivery. */
public final class CaktoProvider extends ProviderDefinition {

    public static final String NAME = "cakto";

    public CaktoProvider(ProviderSettings settings) {
        super(NAME, new CaktoAuthenticator(settings.credentials()), new CaktoNormalizer(settings.timeZone()));
    }
}
