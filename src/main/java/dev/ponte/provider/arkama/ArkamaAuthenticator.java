package dev.ponte.provider.arkama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.provider.Authenticator;
import dev.ponte.provider.Credentials;
import dev.ponte.provider.WebhookRequest;

import java.util.Objects;
import java.util.Set;

/**
 * The postback's top-level {@code token} must equal one of the configured tokens. Arkama signs nothing: the token
 * in the body is the only proof of origin (Arkama's postback 2.0.0 example, "token" in the example postback).
 */
public final class ArkamaAuthenticator implements Authenticator {

    static final String TOKEN_FIELD = "token";

    private final Credentials tokens;

    public ArkamaAuthenticator(Credentials tokens) {
        this.tokens = Objects.requireNonNull(tokens);
    }

    @Override
    public boolean authenticate(WebhookRequest request) {
        if (tokens.isEmpty()) {
            return false;
        }
        JsonNode token = request.json().get(TOKEN_FIELD);
        return token != null && token.isTextual() && tokens.matches(token.textValue());
    }

    @Override
    public Set<String> credentialFields() {
        return Set.of(TOKEN_FIELD);
    }

    @Override
    public boolean isConfigured() {
        return !tokens.isEmpty();
    }
}
