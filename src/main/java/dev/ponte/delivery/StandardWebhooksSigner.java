package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;

/**
 * Prepares an event for HTTP forwarding, signed the Standard Webhooks way (standardwebhooks.com, "Signature
 * scheme"): {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed with the base64-decoded part
 * of a {@code whsec_<base64>} secret. Only these headers and the content type are sent.
 */
public class StandardWebhooksSigner {

    static final String SECRET_PREFIX = "whsec_";

    private final byte[] key;
    private final ForwardTargetGuard guard;
    private final String url;
    private final Clock clock;

    public StandardWebhooksSigner(PonteProperties.Forward forward, ForwardTargetGuard guard, Clock clock) {
        this.key = forward.secret() == null || forward.secret().isBlank() ? null : decodeSecret(forward.secret());
        this.guard = guard;
        this.url = forward.url();
        this.clock = clock;
    }

    static byte[] decodeSecret(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ponte.forward.secret must be whsec_<base64>");
        }
    }

    public void sign(Exchange exchange) {
        if (key == null) {
            throw new NonRetryableDeliveryException("ponte.forward.secret is not set: events are not sent unsigned");
        }
        guard.check(url);
        var message = exchange.getIn();
        String id = message.getHeader(SpringRabbitMQConstants.MESSAGE_ID, String.class);
        byte[] body = message.getBody(byte[].class);
        if (id == null) {
            throw new NonRetryableDeliveryException("event without message id");
        }
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        message.removeHeaders("*");
        message.setHeader("webhook-id", id);
        message.setHeader("webhook-timestamp", timestamp);
        message.setHeader("webhook-signature", "v1," + signature(key, id, timestamp, body));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("User-Agent", "Ponte");
        message.setBody(body);
    }

    static String signature(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
