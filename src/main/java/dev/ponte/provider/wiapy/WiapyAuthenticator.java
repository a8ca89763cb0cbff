package dev.ponte.provider.wiapy;

import dev.ponte.provider.Authenticator;
import dev.ponte.provider.Credentials;
import dev.ponte.provider.WebhookRequest;

import java.util.Locale;

/**
 * The token registered in Wiapy arrives as the {@code Authorization} header, raw ("Authorization: seu_token",
 * https://ajuda.wiapy.com/wiapy/produtor/integracoes/webhook). A {@code Bearer } prefix (any case) is tolerated:
 * our choice, so that a token pasted with the scheme still works. The body is never read.
 */
public final class WiapyAuthenticator implements Authenticator {

    static final String HEADER = "Authorization";
    private static final String BEARER = "bearer ";

    private final Credentials credentials;

    public WiapyAuthenticator(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public boolean authenticate(WebhookRequest request) {
        String presented = request.header(HEADER);
        if (presented == null || presented.isBlank() || credentials.isEmpty()) {
            return false;
        }
        String value = presented.trim();
        boolean match = credentials.matches(value);
        if (value.length() > BEARER.length()
                && value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            // both forms are checked, so a token configured with its "Bearer " prefix also matches
            match |= credentials.matches(value.substring(BEARER.length()).trim());
        }
        return match;
    }

    @Override
    public boolean isConfigured() {
        return !credentials.isEmpty();
    }
}
