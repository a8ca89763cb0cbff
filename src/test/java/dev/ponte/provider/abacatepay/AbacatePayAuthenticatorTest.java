package dev.ponte.provider.abacatepay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;
import dev.ponte.provider.Authenticator;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.provider.WebhookRequest;
import dev.ponte.support.ProviderHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static dev.ponte.provider.abacatepay.AbacatePayProvider.SECRET_HEADER;
import static dev.ponte.provider.abacatepay.AbacatePayProvider.SECRET_QUERY_PARAMETER;
import static dev.ponte.provider.abacatepay.AbacatePaySignature.HEADER;
import static dev.ponte.provider.abacatepay.AbacatePayTestData.PROVIDER;
import static dev.ponte.provider.abacatepay.AbacatePayTestData.SECRET;
import static dev.ponte.provider.abacatepay.AbacatePayTestData.fixture;
import static dev.ponte.provider.abacatepay.AbacatePayTestData.publishedSignature;
import static dev.ponte.provider.abacatepay.AbacatePayTestData.settings;
import static dev.ponte.provider.abacatepay.AbacatePayTestData.settingsWithoutRequiredSignature;
import static org.assertj.core.api.Assertions.assertThat;

/** Secret (query or header) and signature (raw bytes, public key), scenario by scenario. */
class AbacatePayAuthenticatorTest {

    private static final String FIXTURE = "checkout.completed.json";
    private static final String OTHER_SECRET = "whsec-abacatepay-other-fedcba9876543210";

    private static boolean authenticate(ProviderSettings settings, byte[] body, Map<String, String> headers,
                                        Map<String, String> query) {
        return AbacatePayProvider.authenticator(settings).authenticate(ProviderHarness.request(PROVIDER, body, headers, query));
    }

    private static boolean deliver(ProviderSettings settings, Map<String, String> headers, Map<String, String> query) {
        return authenticate(settings, fixture(FIXTURE), headers, query);
    }

    private static Map<String, String> signed() {
        return Map.of(HEADER, publishedSignature(FIXTURE));
    }

    private static Map<String, String> signedWith(String name, String value) {
        Map<String, String> headers = new HashMap<>(signed());
        headers.put(name, value);
        return headers;
    }

    private static Map<String, String> query(String secret) {
        return Map.of(SECRET_QUERY_PARAMETER, secret);
    }

    // ---- secret --------------------------------------------------------------------------------------------------

    @Test
    void rightSecretInTheQueryIsAccepted() {
        assertThat(deliver(settings(SECRET), signed(), query(SECRET))).isTrue();
    }

    @Test
    void rightSecretInTheHeaderIsAccepted() {
        assertThat(deliver(settings(SECRET), signedWith(SECRET_HEADER, SECRET), Map.of())).isTrue();
    }

    @Test
    void rightSecretInBothPlacesIsAccepted() {
        assertThat(deliver(settings(SECRET), signedWith(SECRET_HEADER, SECRET), query(SECRET))).isTrue();
    }

    @Test
    void wrongSecretIsRefused() {
        assertThat(deliver(settings(SECRET), signed(), query("wrong-secret"))).isFalse();
        assertThat(deliver(settings(SECRET), signedWith(SECRET_HEADER, "wrong-secret"), Map.of())).isFalse();
        assertThat(deliver(settings(SECRET), signed(), query(SECRET + "x"))).isFalse();
        assertThat(deliver(settings(SECRET), signed(), query(""))).isFalse();
    }

    @Test
    void aWrongSecretInEitherPlaceIsRefusedEvenWhenTheOtherIsRight() {
        assertThat(deliver(settings(SECRET), signedWith(SECRET_HEADER, "wrong-secret"), query(SECRET))).isFalse();
        assertThat(deliver(settings(SECRET), signedWith(SECRET_HEADER, SECRET), query("wrong-secret"))).isFalse();
    }

    @Test
    void missingSecretIsRefusedEvenWithAValidSignature() {
        assertThat(deliver(settings(SECRET), signed(), Map.of())).isFalse();
    }

    @Test
    void secretInTheBodyIsNotACredential() {
        byte[] body = ("{\"event\":\"checkout.completed\",\"webhookSecret\":\"" + SECRET + "\",\"data\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of(HEADER, new AbacatePaySignature().sign(body));

        assertThat(authenticate(settings(SECRET), body, headers, Map.of())).isFalse();
        assertThat(AbacatePayProvider.authenticator(settings(SECRET)).credentialFields()).isEmpty();
    }

    @Test
    void noSecretConfiguredRefusesEverything() {
        Authenticator unconfigured = AbacatePayProvider.authenticator(ProviderSettings.defaults());

        assertThat(unconfigured.isConfigured()).isFalse();
        assertThat(unconfigured.authenticate(ProviderHarness.request(PROVIDER, fixture(FIXTURE), signed(),
                query(SECRET)))).isFalse();
        assertThat(deliver(settings("  "), signed(), query("  "))).isFalse();
        assertThat(AbacatePayProvider.authenticator(settings(SECRET)).isConfigured()).isTrue();
    }

    @Test
    void rotationAcceptsBothConfiguredSecretsAndRefusesARemovedOne() {
        ProviderSettings duringRotation = settings(SECRET, OTHER_SECRET);
        assertThat(deliver(duringRotation, signed(), query(SECRET))).isTrue();
        assertThat(deliver(duringRotation, signed(), query(OTHER_SECRET))).isTrue();
        assertThat(deliver(duringRotation, signedWith(SECRET_HEADER, OTHER_SECRET), Map.of())).isTrue();

        ProviderSettings afterRotation = settings(OTHER_SECRET);
        assertThat(deliver(afterRotation, signed(), query(SECRET))).isFalse();
        assertThat(deliver(afterRotation, signedWith(SECRET_HEADER, SECRET), Map.of())).isFalse();
        assertThat(deliver(afterRotation, signed(), query(OTHER_SECRET))).isTrue();
    }

    // ---- signature -------------------------------------------------------------------------------------------

    @Test
    void everyFixtureWithItsPublishedSignatureIsAccepted() {
        AbacatePayTestData.publishedSignatures().forEach((name, signature) ->
                assertThat(authenticate(settings(SECRET), fixture(name), Map.of(HEADER, signature), query(SECRET)))
                        .as(name).isTrue());
    }

    @Test
    void tamperedBodyIsRefused() {
        byte[] tampered = fixture(FIXTURE).clone();
        int at = new String(tampered, StandardCharsets.UTF_8).indexOf("Beatriz");
        tampered[at] = (byte) 'b'; // one byte changed

        assertThat(authenticate(settings(SECRET), tampered, signed(), query(SECRET))).isFalse();
        assertThat(authenticate(settingsWithoutRequiredSignature(SECRET), tampered, signed(), query(SECRET))).isFalse();
    }

    @Test
    void signatureUnderAWrongKeyIsRefused() {
        String underWrongKey = new AbacatePaySignature("some-other-key").sign(fixture(FIXTURE));

        assertThat(deliver(settings(SECRET), Map.of(HEADER, underWrongKey), query(SECRET))).isFalse();
        assertThat(deliver(settingsWithoutRequiredSignature(SECRET), Map.of(HEADER, underWrongKey), query(SECRET)))
                .isFalse();
    }

    @Test
    void signatureOverReserializedJsonIsRefused() throws Exception {
        byte[] raw = fixture(FIXTURE);
        JsonNode parsed = EventJson.mapper().readTree(raw);
        String overReserialized = new AbacatePaySignature().sign(EventJson.mapper().writeValueAsBytes(parsed));

        assertThat(deliver(settings(SECRET), Map.of(HEADER, overReserialized), query(SECRET))).isFalse();
    }

    @Test
    void missingSignatureIsRefusedWhenRequiredByDefault() {
        assertThat(settings(SECRET).requireSignature()).isTrue();
        assertThat(deliver(settings(SECRET), Map.of(), query(SECRET))).isFalse();
        assertThat(deliver(settings(SECRET), Map.of(SECRET_HEADER, SECRET), Map.of())).isFalse();
    }

    @Test
    void missingSignatureIsAcceptedWhenNotRequiredButTheSecretStillCounts() {
        assertThat(deliver(settingsWithoutRequiredSignature(SECRET), Map.of(), query(SECRET))).isTrue();
        assertThat(deliver(settingsWithoutRequiredSignature(SECRET), Map.of(), query("wrong-secret"))).isFalse();
        assertThat(deliver(settingsWithoutRequiredSignature(SECRET), Map.of(), Map.of())).isFalse();
    }

    @Test
    void presentButEmptyOrMalformedSignatureIsRefusedEvenWhenNotRequired() {
        for (String malformed : new String[]{"", "not base64 !!", "abc"}) {
            assertThat(deliver(settingsWithoutRequiredSignature(SECRET), Map.of(HEADER, malformed), query(SECRET)))
                    .as("'%s'", malformed).isFalse();
        }
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        Map<String, String> headers = Map.of("x-webhook-signature", publishedSignature(FIXTURE),
                "x-webhook-secret", SECRET);

        assertThat(deliver(settings(SECRET), headers, Map.of())).isTrue();
    }

    @Test
    void authenticatesWithoutParsingTheBody() {
        byte[] notJson = "this is not JSON".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of(HEADER, new AbacatePaySignature().sign(notJson));
        WebhookRequest request = ProviderHarness.request(PROVIDER, notJson, headers, query(SECRET));

        // json() would throw InvalidWebhookException: authentication never reaches it
        assertThat(AbacatePayProvider.authenticator(settings(SECRET)).authenticate(request)).isTrue();
    }

    @Test
    void secretsNeverAppearInToString() {
        Authenticator authenticator = AbacatePayProvider.authenticator(settings(SECRET, OTHER_SECRET));

        assertThat(authenticator.toString()).doesNotContain(SECRET).doesNotContain(OTHER_SECRET)
                .contains("2 secret(s)");
    }
}
