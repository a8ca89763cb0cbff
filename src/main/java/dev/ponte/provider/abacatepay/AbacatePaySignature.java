package dev.ponte.provider.abacatepay;

import dev.ponte.provider.RawBodyHmac;

/**
 * AbacatePay's body signature: header {@code X-Webhook-Signature} = Base64 of HMAC-SHA256 over the raw body bytes,
 * keyed with AbacatePay's published public key (the same for every account). It proves the body is intact, not who
 * sent it: the origin is proven by the webhook secret (see {@link AbacatePayProvider}).
 */
public final class AbacatePaySignature extends RawBodyHmac {

    public static final String HEADER = "X-Webhook-Signature";

    // Published key, used as its UTF-8 bytes: AbacatePay/documentation:pages/webhooks/security.mdx (https://docs.abacatepay.com/pages/webhooks/security)
    static final String PUBLIC_KEY = "t9dXRhHHo3yDEj5pVDYz0frf7q6bMKyMRmxxCPIPp3RCplBfXRxqlC6ZpiWmOqj4L63qEaeUOtrCI8P0VMUgo6iIga2ri9og"
            + "aHFs0WIIywSMg0q7RmBfybe1E5XJcfC4IW3alNqym0tXoAKkzvfEjZxV6bE0oG2zJrNNYmUCKZyV0KZ3JS8Votf9EAWWYdiDkMkpbMdPggfh1E"
            + "qHlVkMiTady6jOR3hyzGEHrIz2Ret0xHKMbiqkr9HS1JhNHDX9";

    public AbacatePaySignature() {
        this(PUBLIC_KEY);
    }

    /** With another key: only for tests proving that a signature under a wrong key is refused. */
    AbacatePaySignature(String key) {
        super(key);
    }
}
