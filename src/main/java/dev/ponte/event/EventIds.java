package dev.ponte.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The deterministic event id of unified-event.md: {@code "evt_" + hex(first 16 bytes of SHA-256(provider \n
 * provider_event \n object id \n version))}, version being the SHA-256 of the raw body when the provider gives
 * none. A retried delivery gets the same id; a new state of the object gets a new one.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String derive(String provider, String providerEvent, String objectId, String version,
                                byte[] rawBody) {
        String effectiveVersion = version != null ? version : HexFormat.of().formatHex(sha256(rawBody));
        String material = nullToEmpty(provider) + "\n" + nullToEmpty(providerEvent) + "\n" + nullToEmpty(objectId)
                + "\n" + effectiveVersion;
        byte[] digest = sha256(material.getBytes(StandardCharsets.UTF_8));
        return "evt_" + HexFormat.of().formatHex(digest, 0, 16);
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
