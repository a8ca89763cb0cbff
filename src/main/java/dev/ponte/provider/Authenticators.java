package dev.ponte.provider;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The kinds of webhook authentication providers use, declared by a provider in a line each: a secret in a body
 * field, a token in a header, a secret in a query parameter or header, an HMAC of the raw body, and all of several.
 * Secrets are compared through {@link Credentials} (constant time, every configured secret checked); no kind logs
 * or prints a presented value, and each {@code toString} names places and counts only.
 */
public final class Authenticators {

    private Authenticators() {
    }

    /**
     * The top-level string field {@code field} of the JSON body must equal a configured secret; the field is a
     * {@linkplain Authenticator#credentialFields() credential field}, removed from the event's {@code raw}. With no
     * secret configured the body is not parsed.
     */
    public static Authenticator secretInBodyField(String field, Credentials credentials) {
        return new SecretInBodyField(Objects.requireNonNull(field), Objects.requireNonNull(credentials));
    }

    /**
     * Header {@code header} (any case), trimmed, must equal a configured secret. The body is never read.
     *
     * @param toleratedScheme a scheme such as {@code "Bearer"} that may precede the token (any case, one or more
     *                        spaces after it); both the whole value and the value without it are checked, so a
     *                        secret configured with the scheme matches too. Null: no scheme is stripped.
     */
    public static Authenticator tokenInHeader(String header, String toleratedScheme, Credentials credentials) {
        return new TokenInHeader(Objects.requireNonNull(header),
                toleratedScheme == null ? null : toleratedScheme.toLowerCase(Locale.ROOT) + " ",
                Objects.requireNonNull(credentials));
    }

    /**
     * One secret sent in a query parameter, a header, or both: at least one must be present and every one
     * present must equal a configured secret (a provider that sends both sends the same value, so a mismatch
     * between them is refused). The body is never read.
     */
    public static Authenticator secretInQueryOrHeader(String queryParameter, String header, Credentials credentials) {
        return new SecretInQueryOrHeader(Objects.requireNonNull(queryParameter), Objects.requireNonNull(header),
                Objects.requireNonNull(credentials));
    }

    /**
     * Header {@code header} must be the {@link RawBodyHmac} signature of the body's exact bytes. A missing header
     * is refused when {@code required}, accepted otherwise; a present one is always verified. Needs no secret of
     * its own (the key is the signature's), so it counts as configured.
     */
    public static Authenticator hmacOfRawBody(RawBodyHmac signature, String header, boolean required) {
        return new HmacOfRawBody(Objects.requireNonNull(signature), Objects.requireNonNull(header), required);
    }

    /**
     * Every part must accept; all parts are evaluated (no early exit on the first refusal). Configured when every
     * part is; the credential fields are the union of the parts'.
     */
    public static Authenticator allOf(Authenticator... parts) {
        return new AllOf(List.of(parts));
    }

    private record SecretInBodyField(String field, Credentials credentials) implements Authenticator {

        @Override
        public boolean authenticate(WebhookRequest request) {
            if (credentials.isEmpty()) {
                return false;
            }
            JsonNode secret = request.json().get(field);
            return secret != null && secret.isTextual() && credentials.matches(secret.textValue());
        }

        @Override
        public Set<String> credentialFields() {
            return Set.of(field);
        }

        @Override
        public boolean isConfigured() {
            return !credentials.isEmpty();
        }

        @Override
        public String toString() {
            return "secretInBodyField[" + field + ", " + credentials + "]";
        }
    }

    private record TokenInHeader(String header, String schemePrefix, Credentials credentials)
            implements Authenticator {

        @Override
        public boolean authenticate(WebhookRequest request) {
            String presented = request.header(header);
            if (presented == null || presented.isBlank() || credentials.isEmpty()) {
                return false;
            }
            String value = presented.trim();
            boolean match = credentials.matches(value);
            if (schemePrefix != null && value.length() > schemePrefix.length()
                    && value.regionMatches(true, 0, schemePrefix, 0, schemePrefix.length())) {
                match |= credentials.matches(value.substring(schemePrefix.length()).trim());
            }
            return match;
        }

        @Override
        public boolean isConfigured() {
            return !credentials.isEmpty();
        }

        @Override
        public String toString() {
            return "tokenInHeader[" + header + (schemePrefix == null ? "" : ", scheme " + schemePrefix.trim())
                    + ", " + credentials + "]";
        }
    }

    private record SecretInQueryOrHeader(String queryParameter, String header, Credentials credentials)
            implements Authenticator {

        @Override
        public boolean authenticate(WebhookRequest request) {
            if (credentials.isEmpty()) {
                return false;
            }
            String fromQuery = request.queryParameter(queryParameter);
            String fromHeader = request.header(header);
            if (fromQuery == null && fromHeader == null) {
                return false;
            }
            boolean queryOk = fromQuery == null || credentials.matches(fromQuery);
            boolean headerOk = fromHeader == null || credentials.matches(fromHeader);
            return queryOk & headerOk;
        }

        @Override
        public boolean isConfigured() {
            return !credentials.isEmpty();
        }

        @Override
        public String secretQueryParameter() {
            return queryParameter;
        }

        @Override
        public String toString() {
            return "secretInQueryOrHeader[?" + queryParameter + ", " + header + ", " + credentials + "]";
        }
    }

    private record HmacOfRawBody(RawBodyHmac signature, String header, boolean required) implements Authenticator {

        @Override
        public boolean authenticate(WebhookRequest request) {
            String presented = request.header(header);
            if (presented == null) {
                return !required;
            }
            return signature.verify(request.body(), presented);
        }

        @Override
        public boolean isConfigured() {
            return true;
        }

        @Override
        public String toString() {
            return "hmacOfRawBody[" + header + ", " + signature + ", requireSignature=" + required + "]";
        }
    }

    private static final class AllOf implements Authenticator {

        private final List<Authenticator> parts;
        private final Set<String> credentialFields;

        AllOf(List<Authenticator> parts) {
            this.parts = parts;
            Set<String> fields = new LinkedHashSet<>();
            parts.forEach(part -> fields.addAll(part.credentialFields()));
            this.credentialFields = Set.copyOf(fields);
        }

        @Override
        public boolean authenticate(WebhookRequest request) {
            if (!isConfigured()) {
                return false;
            }
            boolean all = true;
            for (Authenticator part : parts) {
                all &= part.authenticate(request);
            }
            return all;
        }

        @Override
        public Set<String> credentialFields() {
            return credentialFields;
        }

        @Override
        public String secretQueryParameter() {
            for (Authenticator part : parts) {
                if (part.secretQueryParameter() != null) {
                    return part.secretQueryParameter();
                }
            }
            return null;
        }

        @Override
        public boolean isConfigured() {
            for (Authenticator part : parts) {
                if (!part.isConfigured()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "allOf" + parts;
        }
    }
}
