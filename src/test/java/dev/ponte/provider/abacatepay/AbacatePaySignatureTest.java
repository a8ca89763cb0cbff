package dev.ponte.provider.abacatepay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;
import dev.ponte.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.ponte.provider.abacatepay.AbacatePayTestData.PROVIDER;
import static dev.ponte.provider.abacatepay.AbacatePayTestData.fixture;
import static dev.ponte.provider.abacatepay.AbacatePayTestData.publishedSignature;
import static org.assertj.core.api.Assertions.assertThat;

/** HMAC-SHA256 (Base64) of the raw body under AbacatePay's public key, scenario by scenario. */
class AbacatePaySignatureTest {

    private final AbacatePaySignature signature = new AbacatePaySignature();

    static List<String> fixtures() {
        return Fixtures.names(PROVIDER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reproducesThePublishedSignatureOfEveryFixture(String name) {
        byte[] body = fixture(name);

        assertThat(signature.sign(body)).isEqualTo(publishedSignature(name));
        assertThat(signature.verify(body, publishedSignature(name))).isTrue();
    }

    @Test
    void knownVector() {
        // printf '{}' | openssl dgst -sha256 -hmac "$PUBLIC_KEY" -binary | base64
        assertThat(signature.sign("{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("GevDbnnfkdqn9LrDU2QzlgY0OG24MXRRyHPP9MAj9C8=");
    }

    @Test
    void tamperedBodyIsRefused() {
        byte[] body = fixture("checkout.completed.json");
        String amount = "\"amount\": 8990";
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf(amount) + amount.length() - 1;
        byte[] tampered = body.clone();
        tampered[at] = (byte) '1'; // 8990 -> 8991: one byte changed

        assertThat(tampered).isNotEqualTo(body);
        assertThat(signature.verify(tampered, publishedSignature("checkout.completed.json"))).isFalse();
    }

    @Test
    void trailingNewlineIsPartOfTheSignedBytes() {
        byte[] body = fixture("checkout.completed.json");
        byte[] withoutNewline = java.util.Arrays.copyOf(body, body.length - 1);

        assertThat(body[body.length - 1]).isEqualTo((byte) '\n');
        assertThat(signature.verify(withoutNewline, publishedSignature("checkout.completed.json"))).isFalse();
    }

    @Test
    void signatureUnderAnotherKeyIsRefused() {
        byte[] body = fixture("checkout.completed.json");
        String underWrongKey = new AbacatePaySignature("not-the-abacatepay-public-key").sign(body);

        assertThat(underWrongKey).isNotEqualTo(publishedSignature("checkout.completed.json"));
        assertThat(signature.verify(body, underWrongKey)).isFalse();
    }

    @Test
    void signatureOverReserializedJsonDoesNotVerifyTheRawBytes() throws Exception {
        byte[] raw = fixture("checkout.completed.json");
        JsonNode parsed = EventJson.mapper().readTree(raw);
        byte[] reserialized = EventJson.mapper().writeValueAsBytes(parsed);

        assertThat(EventJson.mapper().readTree(reserialized)).isEqualTo(parsed); // same JSON, other bytes
        assertThat(signature.verify(raw, signature.sign(reserialized))).isFalse();
        assertThat(signature.verify(reserialized, publishedSignature("checkout.completed.json"))).isFalse();
    }

    @Test
    void malformedOrEmptyHeadersAreRefusedWithoutException() {
        byte[] body = fixture("checkout.completed.json");

        assertThat(signature.verify(body, "not base64 !!")).isFalse();
        assertThat(signature.verify(body, "====")).isFalse();
        assertThat(signature.verify(body, "")).isFalse();
        assertThat(signature.verify(body, "   ")).isFalse();
        assertThat(signature.verify(body, null)).isFalse();
        assertThat(signature.verify(null, publishedSignature("checkout.completed.json"))).isFalse();
        // a valid Base64 of the right digest with one bit flipped, and a truncated digest
        String good = publishedSignature("checkout.completed.json");
        byte[] digest = java.util.Base64.getDecoder().decode(good);
        digest[0] ^= 1;
        assertThat(signature.verify(body, java.util.Base64.getEncoder().encodeToString(digest))).isFalse();
        assertThat(signature.verify(body, java.util.Base64.getEncoder()
                .encodeToString(java.util.Arrays.copyOf(java.util.Base64.getDecoder().decode(good), 31)))).isFalse();
    }

    @Test
    void surroundingWhitespaceOfTheHeaderIsTolerated() {
        byte[] body = fixture("checkout.completed.json");

        assertThat(signature.verify(body, " " + publishedSignature("checkout.completed.json") + " ")).isTrue();
    }
}
