package dev.ponte.provider;

import dev.ponte.support.ProviderHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Each authentication kind, scenario by scenario: valid, wrong, missing, tampered; and what they never reveal. */
class AuthenticatorsTest {

    private static final String SECRET = "kit-secret-0123456789abcdef";
    private static final String ROTATED = "kit-secret-rotated-fedcba9876";
    private static final Credentials CREDENTIALS = new Credentials(List.of(SECRET, ROTATED));
    private static final Credentials NONE = new Credentials(List.of(" "));
    private static final RawBodyHmac HMAC = new RawBodyHmac("kit-signing-key") {
    };
    private static final byte[] BODY = utf8("{\"event\":\"paid\",\"data\":{\"id\":\"o-1\",\"amount\":100}}");

    private static final Authenticator BODY_FIELD = Authenticators.secretInBodyField("secret", CREDENTIALS);
    private static final Authenticator HEADER = Authenticators.tokenInHeader("Authorization", "Bearer", CREDENTIALS);
    private static final Authenticator RAW_HEADER = Authenticators.tokenInHeader("X-Token", null, CREDENTIALS);
    private static final Authenticator QUERY_OR_HEADER =
            Authenticators.secretInQueryOrHeader("webhookSecret", "X-Webhook-Secret", CREDENTIALS);
    private static final Authenticator SIGNED = Authenticators.hmacOfRawBody(HMAC, "X-Signature", true);
    private static final Authenticator SIGNED_IF_PRESENT = Authenticators.hmacOfRawBody(HMAC, "X-Signature", false);
    private static final Authenticator SECRET_AND_SIGNATURE = Authenticators.allOf(QUERY_OR_HEADER, SIGNED);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static WebhookRequest request(byte[] body, Map<String, String> headers, Map<String, String> query) {
        return ProviderHarness.request("kit", body, headers, query);
    }

    private static WebhookRequest body(String json) {
        return request(utf8(json), Map.of(), Map.of());
    }

    private static WebhookRequest headers(Map<String, String> headers) {
        return request(BODY, headers, Map.of());
    }

    private static byte[] tampered() {
        byte[] copy = BODY.clone();
        copy[copy.length - 3] = (byte) '1'; // "amount":100 -> 101
        return copy;
    }

    static Stream<Arguments> scenarios() {
        String signature = HMAC.sign(BODY);
        return Stream.of(
                arguments("body field: valid", BODY_FIELD, body("{\"secret\":\"" + SECRET + "\"}"), true),
                arguments("body field: rotated-in secret", BODY_FIELD, body("{\"secret\":\"" + ROTATED + "\"}"), true),
                arguments("body field: wrong", BODY_FIELD, body("{\"secret\":\"" + SECRET + "x\"}"), false),
                arguments("body field: other case", BODY_FIELD, body("{\"secret\":\"" + SECRET.toUpperCase() + "\"}"),
                        false),
                arguments("body field: missing", BODY_FIELD, body("{\"event\":\"paid\"}"), false),
                arguments("body field: null", BODY_FIELD, body("{\"secret\":null}"), false),
                arguments("body field: empty", BODY_FIELD, body("{\"secret\":\"\"}"), false),
                arguments("body field: not a string", BODY_FIELD, body("{\"secret\":[\"" + SECRET + "\"]}"), false),
                arguments("body field: nested, not top-level", BODY_FIELD,
                        body("{\"data\":{\"secret\":\"" + SECRET + "\"}}"), false),
                arguments("body field: in a header instead", BODY_FIELD,
                        request(utf8("{}"), Map.of("secret", SECRET), Map.of("secret", SECRET)), false),

                arguments("header: valid", HEADER, headers(Map.of("Authorization", SECRET)), true),
                arguments("header: any name case", HEADER, headers(Map.of("authorization", SECRET)), true),
                arguments("header: scheme, any case", HEADER, headers(Map.of("Authorization", "bEARER  " + SECRET)),
                        true),
                arguments("header: surrounding spaces", HEADER, headers(Map.of("Authorization", " " + SECRET + " ")),
                        true),
                arguments("header: wrong", HEADER, headers(Map.of("Authorization", "Bearer " + SECRET + "x")), false),
                arguments("header: another scheme", HEADER, headers(Map.of("Authorization", "Basic " + SECRET)),
                        false),
                arguments("header: scheme twice", HEADER,
                        headers(Map.of("Authorization", "Bearer Bearer " + SECRET)), false),
                arguments("header: scheme alone", HEADER, headers(Map.of("Authorization", "Bearer ")), false),
                arguments("header: missing", HEADER, headers(Map.of()), false),
                arguments("header: blank", HEADER, headers(Map.of("Authorization", "  ")), false),
                arguments("header: in another header", HEADER, headers(Map.of("X-Token", SECRET)), false),
                arguments("header without scheme: scheme not stripped", RAW_HEADER,
                        headers(Map.of("X-Token", "Bearer " + SECRET)), false),
                arguments("header without scheme: valid", RAW_HEADER, headers(Map.of("X-Token", SECRET)), true),

                arguments("query or header: valid in the query", QUERY_OR_HEADER,
                        request(BODY, Map.of(), Map.of("webhookSecret", SECRET)), true),
                arguments("query or header: valid in the header", QUERY_OR_HEADER,
                        headers(Map.of("X-Webhook-Secret", ROTATED)), true),
                arguments("query or header: valid in both", QUERY_OR_HEADER,
                        request(BODY, Map.of("X-Webhook-Secret", SECRET), Map.of("webhookSecret", SECRET)), true),
                arguments("query or header: wrong", QUERY_OR_HEADER,
                        request(BODY, Map.of(), Map.of("webhookSecret", "wrong")), false),
                arguments("query or header: wrong in one place", QUERY_OR_HEADER,
                        request(BODY, Map.of("X-Webhook-Secret", "wrong"), Map.of("webhookSecret", SECRET)), false),
                arguments("query or header: missing", QUERY_OR_HEADER, headers(Map.of()), false),
                arguments("query or header: empty", QUERY_OR_HEADER,
                        request(BODY, Map.of(), Map.of("webhookSecret", "")), false),

                arguments("hmac: valid", SIGNED, headers(Map.of("X-Signature", signature)), true),
                arguments("hmac: tampered body", SIGNED, request(tampered(), Map.of("X-Signature", signature),
                        Map.of()), false),
                arguments("hmac: under another key", SIGNED,
                        headers(Map.of("X-Signature", new RawBodyHmac("other-key") { }.sign(BODY))), false),
                arguments("hmac: malformed", SIGNED, headers(Map.of("X-Signature", "not base64 !!")), false),
                arguments("hmac: empty", SIGNED_IF_PRESENT, headers(Map.of("X-Signature", "")), false),
                arguments("hmac: missing, required", SIGNED, headers(Map.of()), false),
                arguments("hmac: missing, not required", SIGNED_IF_PRESENT, headers(Map.of()), true),
                arguments("hmac: tampered, not required", SIGNED_IF_PRESENT,
                        request(tampered(), Map.of("X-Signature", signature), Map.of()), false),

                arguments("all of: every part valid", SECRET_AND_SIGNATURE,
                        request(BODY, Map.of("X-Signature", signature), Map.of("webhookSecret", SECRET)), true),
                arguments("all of: secret wrong", SECRET_AND_SIGNATURE,
                        request(BODY, Map.of("X-Signature", signature), Map.of("webhookSecret", "wrong")), false),
                arguments("all of: secret missing", SECRET_AND_SIGNATURE,
                        request(BODY, Map.of("X-Signature", signature), Map.of()), false),
                arguments("all of: body tampered", SECRET_AND_SIGNATURE,
                        request(tampered(), Map.of("X-Signature", signature), Map.of("webhookSecret", SECRET)), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, Authenticator authenticator, WebhookRequest request, boolean accepted) {
        assertThat(authenticator.authenticate(request)).isEqualTo(accepted);
    }

    @Test
    void withNoSecretConfiguredEveryKindThatNeedsOneRefusesAndSaysSo() {
        List<Authenticator> unconfigured = List.of(Authenticators.secretInBodyField("secret", NONE),
                Authenticators.tokenInHeader("Authorization", "Bearer", NONE),
                Authenticators.secretInQueryOrHeader("webhookSecret", "X-Webhook-Secret", NONE),
                Authenticators.allOf(Authenticators.secretInQueryOrHeader("s", "X-S", NONE), SIGNED_IF_PRESENT));
        WebhookRequest blanks = request(utf8("{\"secret\":\" \"}"), Map.of("Authorization", " ", "X-Webhook-Secret",
                " ", "X-S", " "), Map.of("webhookSecret", " ", "s", " "));
        for (Authenticator authenticator : unconfigured) {
            assertThat(authenticator.isConfigured()).as(authenticator.toString()).isFalse();
            assertThat(authenticator.authenticate(blanks)).as(authenticator.toString()).isFalse();
        }
        assertThat(SIGNED.isConfigured()).isTrue();
        assertThat(SECRET_AND_SIGNATURE.isConfigured()).isTrue();
    }

    @Test
    void anUnconfiguredBodyFieldDoesNotParseTheBody() {
        assertThat(Authenticators.secretInBodyField("secret", NONE).authenticate(body("not json"))).isFalse();
    }

    @Test
    void aBodyFieldInABodyThatIsNoJsonObjectIsInvalidAndTheMessageCarriesNoSecret() {
        assertThatThrownBy(() -> BODY_FIELD.authenticate(body("[\"" + SECRET + "\"]")))
                .isInstanceOf(InvalidWebhookException.class).hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> BODY_FIELD.authenticate(body("{\"secret\":\"" + SECRET + "\"")))
                .isInstanceOf(InvalidWebhookException.class).hasMessageNotContaining(SECRET);
    }

    @Test
    void headerQueryAndSignatureKindsNeverParseTheBody() {
        byte[] notJson = utf8("not json at all");
        Map<String, String> headers = Map.of("Authorization", SECRET, "X-Signature", HMAC.sign(notJson));
        WebhookRequest request = request(notJson, headers, Map.of("webhookSecret", SECRET));
        assertThat(HEADER.authenticate(request)).isTrue();
        assertThat(QUERY_OR_HEADER.authenticate(request)).isTrue();
        assertThat(SECRET_AND_SIGNATURE.authenticate(request)).isTrue();
    }

    @Test
    void onlyTheBodyFieldKindHasACredentialFieldAndAllOfJoinsThem() {
        assertThat(BODY_FIELD.credentialFields()).containsExactly("secret");
        assertThat(HEADER.credentialFields()).isEmpty();
        assertThat(QUERY_OR_HEADER.credentialFields()).isEmpty();
        assertThat(SIGNED.credentialFields()).isEmpty();
        assertThat(Authenticators.allOf(BODY_FIELD, Authenticators.secretInBodyField("token", CREDENTIALS),
                SIGNED).credentialFields()).containsExactlyInAnyOrder("secret", "token");
    }

    @Test
    void onlyAQuerySecretNamesItsParameterForTheWebhookUrl() {
        assertThat(QUERY_OR_HEADER.secretQueryParameter()).isEqualTo("webhookSecret");
        assertThat(SECRET_AND_SIGNATURE.secretQueryParameter()).isEqualTo("webhookSecret");
        for (Authenticator authenticator : List.of(BODY_FIELD, HEADER, RAW_HEADER, SIGNED)) {
            assertThat(authenticator.secretQueryParameter()).as(authenticator.toString()).isNull();
        }
    }

    @Test
    void descriptionsNameThePlacesAndCountTheSecretsButNeverShowThem() {
        for (Authenticator authenticator : List.of(BODY_FIELD, HEADER, RAW_HEADER, QUERY_OR_HEADER, SIGNED,
                SECRET_AND_SIGNATURE)) {
            assertThat(authenticator.toString()).doesNotContain(SECRET).doesNotContain(ROTATED)
                    .doesNotContain("kit-signing-key");
        }
        assertThat(BODY_FIELD.toString()).contains("secret", "2 secret(s)");
        assertThat(SECRET_AND_SIGNATURE.toString()).contains("webhookSecret", "X-Signature", "2 secret(s)");
    }
}
