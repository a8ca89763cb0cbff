package dev.ponte.provider;

import java.util.Set;

/** Decides whether a webhook carries a valid credential. Implementations compare in constant time. */
public interface Authenticator {

    /**
     * @return true only when the request proves it comes from the provider. Header/query authenticators must not
     * call {@link WebhookRequest#json()}, so that nothing is parsed before the caller is known.
     * @throws InvalidWebhookException when the credential sits in a body that is not a JSON object
     */
    boolean authenticate(WebhookRequest request);

    /** Top-level body fields that hold the credential: removed from the event's {@code raw}. */
    default Set<String> credentialFields() {
        return Set.of();
    }

    /** The query parameter the webhook URL carries the secret in, for the URL shown to the operator; null: none. */
    default String secretQueryParameter() {
        return null;
    }

    /** False when no secret is configured: every request is refused (fail closed) and start-up warns. */
    boolean isConfigured();
}
