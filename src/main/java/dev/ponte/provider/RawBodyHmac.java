package dev.ponte.provider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * A body signature: Base64 of HMAC-SHA256 over the raw body bytes, never over re-serialized JSON. A provider
 * declares its key by extending this class; {@link Authenticators#hmacOfRawBody} checks it.
 */
public class RawBodyHmac {

    private static final String ALGORITHM = "HmacSHA256";

    /** Keyed once; each signature works on a clone (a Mac is not thread-safe, and keying it costs more). */
    private final Mac keyed;

    /** @param key used as its UTF-8 bytes */
    protected RawBodyHmac(String key) {
        try {
            this.keyed = Mac.getInstance(ALGORITHM);
            this.keyed.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The Base64 signature of these exact bytes. */
    public final String sign(byte[] rawBody) {
        return Base64.getEncoder().encodeToString(mac(rawBody));
    }

    /**
     * @param rawBody the body exactly as received
     * @param header  the presented signature; null, blank or malformed Base64 is refused, surrounding spaces are not
     * @return true when the header is the signature of these bytes; compared in constant time on the decoded bytes
     */
    public final boolean verify(byte[] rawBody, String header) {
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
        return getClass().getSimpleName() + "[HmacSHA256, Base64]";
    }
}
