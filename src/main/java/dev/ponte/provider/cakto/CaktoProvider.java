package dev.ponte.provider.cakto;

import dev.ponte.provider.Authenticators;
import dev.ponte.provider.ProviderDefinition;
import dev.ponte.provider.ProviderSettings;

/** Cakto (https://docs.cakto.com.br/conceitos/webhooks): secret in the body, one event name per delivery. */
public final class CaktoProvider extends ProviderDefinition {

    public static final String NAME = "cakto";
    /** Body field holding the secret: https://docs.cakto.com.br/conceitos/webhooks.md */
    public static final String SECRET_FIELD = "secret";

    public CaktoProvider(ProviderSettings settings) {
        // the X-Cakto-Signature HMAC header some third parties describe is not verified: no real signed delivery
        // has confirmed its scheme yet (docs/providers/cakto.md, open questions)
        super(NAME, Authenticators.secretInBodyField(SECRET_FIELD, settings.credentials()),
                new CaktoNormalizer(settings.timeZone()));
    }
}
