package dev.ponte.provider.abacatepay;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * AbacatePay's body signature: header {@code X-Webhook-Signature} = Base64 of HMAC-SHA256 over the raw body bytes,
 * keyed with AbacatePay's published public key (the same for every account). It proves the body is intact, not who
 * sent it: the origin is proven by the webhook secret (see {@link AbacatePayAuthenticator}).
 */
public final class AbacatePaySignature {

    public static final String HEADER = "X-Webhook-Signature";

    // Published key, used as its UTF-8 bytes: AbacatePay/documentation:pages/webhooks/security.mdx (https://docs.abacatepay.com/pages/webhooks/security)
    static final String PUBLIC_KEY = "t9dXRhHHo3yDEj5pVDYz0frf7q6bMKyMRmxxCPIPp3RCplBfXRxqlC6ZpiWmOqj4L63qEaeUOtrCI8P0VMUgo6iIga2ri9og"
            + "aHFs0WIIywSMg0q7RmBfybe1E5XJcfC4IW3alNqym0tXoAKkzvfEjZxV6bE0oG2zJrNNYmUCKZyV0KZ3JS8Votf9EAWWYdiDkMkpbMdPggfh1E"
            + "qHlVkMiTady6jOR3hyzGEHrIz2Ret0xHKMbiqkr9HS1JhNHDX9";

    private static final String ALGORITHM = "HmacSHA256";

    /** Keyed once; each signature works on a clone (a Mac is not thread-safe, and keying it costs more). */
    private final Mac keyed;

    public AbacatePaySignature() {
        this(PUBLIC_KEY);
    }

    /** With another key: only for tests proving that a signature under a wrong key is refused. */
    AbacatePaySignature(String key) {
        try {
            this.keyed = Mac.getInstance(ALGORITHM);
            this.keyed.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The Base64 signature AbacatePay sends for these exact bytes. */
    public String sign(byte[] rawBody) {
        return Base64.getEncoder().encodeToString(mac(rawBody));
    }

    /**
     * @param rawBody the body exactly as received, never re-serialized JSON
     * @param header  the {@code X-Webhook-Signature} value; null, blank or malformed Base64 is refused
     * @return true when the header is the signature of these bytes; compared in constant time on the decoded bytes
     */
    public boolean verify(byte[] rawBody, String header) {
        if (rawBody == null || header == null || header.isBlank()) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(header.trim());
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return MessageDigest.isEqual(mac(rawBody), presented);
    }

    private byte[] mac(byte[] rawBody) {
        try {
            return ((Mac) keyed.clone()).doFinal(rawBody);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 not cloneable", e);
        }
    }

    @Override
    public String toString() {
        return "AbacatePaySignature[HmacSHA256, Base64]";
    }
}
