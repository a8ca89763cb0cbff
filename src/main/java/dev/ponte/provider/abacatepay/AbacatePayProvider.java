package dev.ponte.provider.abacatepay;

import dev.ponte.provider.ProviderDefinition;
import dev.ponte.provider.ProviderSettings;

/** AbacatePay (docs.abacatepay.com): API v2 events and the v1 {@code billing.*} events it still documents. */
public final class AbacatePayProvider extends ProviderDefinition {

    public static final String NAME = "abacatepay";

    public AbacatePayProvider(ProviderSettings settings) {
        super(NAME, new AbacatePayAuthenticator(settings), new AbacatePayNormalizer(settings.timeZone()));
    }
}
