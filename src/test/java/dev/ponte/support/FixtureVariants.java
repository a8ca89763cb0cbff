package dev.ponte.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A fixture with another order id, so that it makes a new event: the event ids are deterministic and only
 * {@link dev.ponte.ingress.FixturesEndToEndIT} posts the fixtures as they are. AbacatePay variants are signed
 * again, here with the documented public key (docs/providers/abacatepay.md), not with the code under test.
 */
public final class FixtureVariants {

    private static final String ABACATEPAY_PUBLIC_KEY = "t9dXRhHHo3yDEj5pVDYz0frf7q6bMKyMRmxxCPIPp3RCplBfXRxqlC6Z"
            + "piWmOqj4L63qEaeUOtrCI8P0VMUgo6iIga2ri9ogaHFs0WIIywSMg0q7RmBfybe1E5XJcfC4IW3alNqym0tXoAKkzvfEjZxV6bE0"
            + "oG2zJrNNYmUCKZyV0KZ3JS8Votf9EAWWYdiDkMkpbMdPggfh1EqHlVkMiTady6jOR3hyzGEHrIz2Ret0xHKMbiqkr9HS1JhNHDX9";

    private FixtureVariants() {
    }

    public record Variant(String path, byte[] body, Map<String, String> headers) {
    }

    /** A Cakto fixture (secret in the body) with another {@code data.id}. */
    public static ObjectNode cakto(String fixture, String orderId) {
        try {
            ObjectNode body = (ObjectNode) EventJson.mapper().readTree(Fixtures.bytes("cakto", fixture));
            ((ObjectNode) body.get("data")).put("id", orderId);
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Variant withOrderId(String provider, String fixture, String orderId) {
        ObjectNode body;
        try {
            body = (ObjectNode) EventJson.mapper().readTree(Fixtures.bytes(provider, fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        switch (provider) {
            case "cakto" -> ((ObjectNode) body.get("data")).put("id", orderId);
            case "arkama" -> ((ObjectNode) body.get("data").get("order")).put("id", orderId);
            case "abacatepay" -> ((ObjectNode) body.get("data").get("checkout")).put("id", orderId);
            case "wiapy" -> ((ObjectNode) body.get("payment")).put("id", orderId);
            default -> throw new IllegalArgumentException(provider);
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ProviderAuth.Auth auth = ProviderAuth.forFixture(provider, fixture);
        Map<String, String> headers = new HashMap<>(auth.headers());
        if (provider.equals("abacatepay")) {
            headers.put("X-Webhook-Signature", abacatePaySignature(bytes));
        }
        return new Variant("/webhooks/" + provider + auth.query(), bytes, headers);
    }

    static String abacatePaySignature(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ABACATEPAY_PUBLIC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
