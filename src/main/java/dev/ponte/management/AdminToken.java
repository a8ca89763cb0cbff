package dev.ponte.management;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The admin bearer token ({@code ponte.admin.token}), compared in constant time: both sides are hashed first, so
 * neither the length nor a prefix of the token leaks through timing. Unset, nothing matches.
 */
public final class AdminToken {

    private final byte[] digest;

    public AdminToken(String configured) {
        this.digest = configured == null || configured.isBlank() ? null : sha256(configured.trim());
    }

    public boolean configured() {
        return digest != null;
    }

    /** @param authorization the request's {@code Authorization} header, {@code Bearer <token>} */
    public boolean matches(String authorization) {
        if (digest == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).trim()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
