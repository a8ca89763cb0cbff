package dev.ponte.provider.abacatepay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.support.ProviderAuth;
import dev.ponte.support.ProviderTestKit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * AbacatePay in the shared tests: the secret in the query, and the body signed here with the documented public
 * key (docs/providers/abacatepay.md), not with the code under test.
 */
public final class AbacatePayTestKit implements ProviderTestKit {

    public static final String SECRET = "abacatepay-webhook-secret-0123456789abcdef";

    private static final String PUBLIC_KEY = "t9dXRhHHo3yDEj5pVDYz0frf7q6bMKyMRmxxCPIPp3RCplBfXRxqlC6Z"
            + "piWmOqj4L63qEaeUOtrCI8P0VMUgo6iIga2ri9ogaHFs0WIIywSMg0q7RmBfybe1E5XJcfC4IW3alNqym0tXoAKkzvfEjZxV6bE0"
            + "oG2zJrNNYmUCKZyV0KZ3JS8Votf9EAWWYdiDkMkpbMdPggfh1EqHlVkMiTady6jOR3hyzGEHrIz2Ret0xHKMbiqkr9HS1JhNHDX9";

    @Override
    public String secret() {
        return SECRET;
    }

    @Override
    public ProviderAuth.Auth auth(byte[] body, String credential) {
        return new ProviderAuth.Auth("?webhookSecret=" + URLEncoder.encode(credential, StandardCharsets.UTF_8),
                Map.of("X-Webhook-Signature", sign(body)));
    }

    /** The signature AbacatePay would send for these exact bytes. */
    public static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(PUBLIC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void setOrderId(ObjectNode body, String orderId) {
        ((ObjectNode) body.get("data").get("checkout")).put("id", orderId);
    }

    @Override
    public String sampleFixture() {
        return "checkout.completed.json";
    }

    @Override
    public List<String> moreEvents() {
        return List.of("transparent.refunded", "transparent.disputed", "billing.created", "billing.paid",
                "billing.refunded", "billing.failed", "subscription.trial_started", "subscription.canceled",
                "subscription.created", "payout.done");
    }
}
