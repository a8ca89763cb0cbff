package dev.ponte.provider.arkama;

import dev.ponte.provider.Authenticators;
import dev.ponte.provider.ProviderDefinition;
import dev.ponte.provider.ProviderSettings;

/**
 * Arkama postbacks, format 2.0.0 (https://arkama.readme.io/reference/arkama-postback-v2): the account
 * token in the body, {@code ORDER_<status>} and {@code CART_<status>} events. Mapping: docs/providers/arkama.md.
 */
public final class ArkamaProvider extends ProviderDefinition {

    public static final String NAME = "arkama";
    /** Arkama signs nothing: the body's token is the only proof of origin ("token" in the postback 2.0.0 example). */
    public static final String TOKEN_FIELD = "token";

    public ArkamaProvider(ProviderSettings settings) {
        // Arkama's "2024-06-26 04:02:16" has no offset and its docs name no zone (Arkama's postback 2.0.0 example): configurable
        super(NAME, Authenticators.secretInBodyField(TOKEN_FIELD, settings.credentials()),
                new ArkamaNormalizer(settings.timeZone()));
    }
}
