package dev.ponte.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The accepted secrets of one provider (several at once, so a secret can be rotated without downtime). Compares
 * in constant time: both sides are hashed first so that length does not leak either, and every configured
 * secret is checked, matching or not.
 */
public final class Credentials {

    private final List<byte[]> digests;

    public Credentials(List<String> secrets) {
        this.digests = secrets == null ? List.of() : secrets.stream()
                .filter(s -> s != null && !s.isBlank())
                .map(s -> sha256(s.trim()))
                .toList();
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    public boolean matches(String candidate) {
        if (candidate == null || digests.isEmpty()) {
            return false;
        }
        byte[] presented = sha256(candidate);
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, presented);
        }
        return match;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Credentials[" + digests.size() + " secret(s)]";
    }
}
