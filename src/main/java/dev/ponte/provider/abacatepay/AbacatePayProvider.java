package dev.ponte.provider.abacatepay;

import dev.ponte.provider.Authenticator;
import dev.ponte.provider.Authenticators;
import dev.ponte.provider.ProviderDefinition;
import dev.ponte.provider.ProviderSettings;

/** AbacatePay (docs.abacatepay.com): API v2 events and the v1 {@code billing.*} events it still documents. */
public final class AbacatePayProvider extends ProviderDefinition {

    public static final String NAME = "abacatepay";
    public static final String SECRET_QUERY_PARAMETER = "webhookSecret";
    public static final String SECRET_HEADER = "X-Webhook-Secret";

    public AbacatePayProvider(ProviderSettings settings) {
        super(NAME, authenticator(settings), new AbacatePayNormalizer(settings.timeZone()));
    }

    /**
     * Two proofs, both checked before the body is parsed (docs.abacatepay.com/pages/notificacoes/seguranca.md): the
     * webhook secret, as query parameter and, in newer deliveries, also as header; and the body signature
     * ({@link AbacatePaySignature}), verified whenever present. The secret is never in the body.
     */
    static Authenticator authenticator(ProviderSettings settings) {
        return Authenticators.allOf(
                Authenticators.secretInQueryOrHeader(SECRET_QUERY_PARAMETER, SECRET_HEADER, settings.credentials()),
                // v1 docs: validate the HMAC header "quando disponível" (AbacatePay/documentation:pages/v1/webhooks.mdx)
                Authenticators.hmacOfRawBody(new AbacatePaySignature(), AbacatePaySignature.HEADER,
                        settings.requireSignature()));
    }
}
