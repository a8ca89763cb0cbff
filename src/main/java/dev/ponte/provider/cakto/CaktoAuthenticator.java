package dev.ponte.provider.cakto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.provider.Authenticator;
import dev.ponte.provider.Credentials;
import dev.ponte.provider.WebhookRequest;

import java.util.Set;

/**
 * Cakto puts the webhook's secret in the JSON body ({@code "secret": "<uuid>"}); it must equal one of the
 * configured secrets. The {@code X-Cakto-Signature} HMAC header that some third parties describe is not verified:
 * no real signed delivery has confirmed its scheme yet (docs/providers/cakto.md, open questions).
 */
public final class CaktoAuthenticator implements Authenticator {

    /** Body field holding the secret: https://docs.cakto.com.br/conceitos/webhooks.md */
    public static final String SECRET_FIELD = "secret";

    private final Credentials credentials;

    public CaktoAuthenticator(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public boolean authenticate(WebhookRequest request) {
        JsonNode secret = request.json().get(SECRET_FIELD);
        if (secret == null || !secret.isTextual()) {
            return false;
        }
        return credentials.matches(secret.textValue());
    }

    @Override
    public Set<String> credentialFields() {
        return Set.of(SECRET_FIELD);
    }

    @Override
    public boolean isConfigured() {
        return !credentials.isEmpty();
    }
}
