package dev.ponte.management;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The admin token ({@code ponte.admin.token}), compared in constant time: both sides are hashed first, so neither
 * the length nor a prefix of the token leaks through timing. Unset, nothing matches. The one comparison of the
 * management port: actuator's principal, the console and the admin API use it.
 */
public final class AdminToken {

    /**
     * Request attribute set to {@code Boolean.TRUE} once the console's check let the request in (the token presented,
     * or an open session whose POST carried its CSRF token), for the admin routes behind the same check.
     */
    public static final String AUTHENTICATED = AdminToken.class.getName() + ".authenticated";

    private final byte[] digest;

    public AdminToken(String configured) {
        this.digest = configured == null || configured.isBlank() ? null : sha256(configured.trim());
    }

    public boolean configured() {
        return digest != null;
    }

    /** @param authorization the request's {@code Authorization} header, {@code Bearer <token>} only */
    public boolean matches(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && matchesCredential(authorization.substring(7));
    }

    /** @param authorization the request's {@code Authorization} header, {@code Bearer <token>} or HTTP Basic */
    public boolean matchesAuthorization(String authorization) {
        return authorization != null && matchesCredential(credential(authorization));
    }

    /** @param presented the token itself (the login form's field, a header's credential) */
    public boolean matchesCredential(String presented) {
        return digest != null && presented != null && MessageDigest.isEqual(digest, sha256(presented.trim()));
    }

    /** The token of {@code Bearer <token>}, or the password of {@code Basic base64(user:password)}; else null. */
    public static String credential(String authorization) {
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
