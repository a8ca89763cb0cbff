package dev.ponte.delivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandardWebhooksSignerTest {

    @Test
    void matchesTheStandardWebhooksSpecificationExample() {
        // the example of the Standard Webhooks specification (github.com/standard-webhooks, spec/standard-webhooks.md)
        byte[] key = StandardWebhooksSigner.decodeSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String signature = StandardWebhooksSigner.signature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat("v1," + signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aSecretThatIsNotBase64IsRefusedAtStartUp() {
        assertThatThrownBy(() -> StandardWebhooksSigner.decodeSecret("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("not base64!");
    }
}
