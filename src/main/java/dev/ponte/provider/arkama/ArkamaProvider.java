package dev.ponte.provider.arkama;

import dev.ponte.provider.Authenticator;
import dev.ponte.provider.Normalizer;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.provider.WebhookProvider;

/**
 * Arkama postbacks, format 2.0.0 (https://arkama.readme.io/reference/arkama-postback-v2, seed 001): the account
 * token in the body, {@code ORDER_<status>} and {@code CART_<status>} events. Mapping: docs/providers/arkama.md.
 */
public final class ArkamaProvider implements WebhookProvider {

    public static final String NAME = "arkama";

    private final ArkamaAuthenticator authenticator;
    private final ArkamaNormalizer normalizer;

    public ArkamaProvider(ProviderSettings settings) {
        this.authenticator = new ArkamaAuthenticator(settings.credentials());
        // Arkama's "2024-06-26 04:02:16" has no offset and its docs name no zone (seed 001-arkama): configurable
        this.normalizer = new ArkamaNormalizer(settings.timeZone());
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
