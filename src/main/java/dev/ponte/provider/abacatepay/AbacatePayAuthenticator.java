package dev.ponte.provider.abacatepay;

import dev.ponte.provider.Authenticator;
import dev.ponte.provider.Credentials;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.provider.WebhookRequest;

/**
 * Two proofs, both checked before the body is parsed (docs.abacatepay.com/pages/notificacoes/seguranca.md):
 * <ol>
 *   <li>the webhook secret, sent as query parameter {@code webhookSecret} and, in newer deliveries, also as header
 *   {@code X-Webhook-Secret}: every one of the two that is present must equal a configured secret, and at least one
 *   must be present (AbacatePay sends the same value in both, so a mismatch between them is refused);</li>
 *   <li>the body signature {@code X-Webhook-Signature} ({@link AbacatePaySignature}): verified whenever present;
 *   when absent, refused unless {@code ponte.providers.abacatepay.require-signature} is false.</li>
 * </ol>
 * The secret is in the URL or a header, never in the body: {@link #credentialFields()} is empty.
 */
public final class AbacatePayAuthenticator implements Authenticator {

    public static final String SECRET_QUERY_PARAMETER = "webhookSecret";
    public static final String SECRET_HEADER = "X-Webhook-Secret";

    private final Credentials secrets;
    private final boolean requireSignature;
    private final AbacatePaySignature signature;

    public AbacatePayAuthenticator(ProviderSettings settings) {
        this(settings, new AbacatePaySignature());
    }

    AbacatePayAuthenticator(ProviderSettings settings, AbacatePaySignature signature) {
        this.secrets = settings.credentials();
        this.requireSignature = settings.requireSignature();
        this.signature = signature;
    }

    @Override
    public boolean authenticate(WebhookRequest request) {
        if (secrets.isEmpty()) {
            return false;
        }
        return secretMatches(request) & signatureAccepted(request);
    }

    private boolean secretMatches(WebhookRequest request) {
        String fromQuery = request.queryParameter(SECRET_QUERY_PARAMETER);
        String fromHeader = request.header(SECRET_HEADER);
        if (fromQuery == null && fromHeader == null) {
            return false;
        }
        boolean queryOk = fromQuery == null || secrets.matches(fromQuery);
        boolean headerOk = fromHeader == null || secrets.matches(fromHeader);
        return queryOk & headerOk;
    }

    private boolean signatureAccepted(WebhookRequest request) {
        String presented = request.header(AbacatePaySignature.HEADER);
        if (presented == null) {
            // v1 docs: validate the HMAC header "quando disponível" (AbacatePay/documentation:pages/v1/webhooks.mdx)
            return !requireSignature;
        }
        return signature.verify(request.body(), presented);
    }

    @Override
    public boolean isConfigured() {
        return !secrets.isEmpty();
    }

    @Override
    public String toString() {
        return "AbacatePayAuthenticator[" + secrets + ", requireSignature=" + requireSignature + "]";
    }
}
