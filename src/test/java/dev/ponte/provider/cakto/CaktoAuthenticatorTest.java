package dev.ponte.provider.cakto;

import dev.ponte.provider.Authenticator;
import dev.ponte.provider.InvalidWebhookException;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.provider.WebhookRequest;
import dev.ponte.support.ProviderHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaktoAuthenticatorTest {

    private static final String SECRET = "b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37";
    private static final String NEXT_SECRET = "0e7c55d1-93aa-4f0b-8d1c-5f2e7a9b3c40";

    private static Authenticator authenticator(String... secrets) {
        return new CaktoProvider(new ProviderSettings(List.of(secrets), null, null))
                .authenticator();
    }

    private static WebhookRequest request(String body) {
        return ProviderHarness.request(CaktoProvider.NAME, body.getBytes(StandardCharsets.UTF_8), Map.of(), Map.of());
    }

    private static WebhookRequest withSecret(String secret) {
        return request("{\"secret\":\"" + secret + "\",\"event\":\"purchase_approved\",\"data\":{}}");
    }

    @Test
    void rightSecretIsAccepted() {
        assertThat(authenticator(SECRET).authenticate(withSecret(SECRET))).isTrue();
    }

    @Test
    void wrongSecretIsRefused() {
        assertThat(authenticator(SECRET).authenticate(withSecret(NEXT_SECRET))).isFalse();
        assertThat(authenticator(SECRET).authenticate(withSecret(SECRET.toUpperCase()))).isFalse();
        assertThat(authenticator(SECRET).authenticate(withSecret(SECRET.substring(1)))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event\":\"purchase_approved\",\"data\":{}}",
            "{\"secret\":null,\"event\":\"purchase_approved\"}",
            "{\"secret\":\"\",\"event\":\"purchase_approved\"}",
            "{\"secret\":12345,\"event\":\"purchase_approved\"}",
            "{\"secret\":{\"value\":\"b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37\"}}",
            "{\"secret\":[\"b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37\"]}"})
    void missingOrMalformedCredentialIsRefused(String body) {
        assertThat(authenticator(SECRET).authenticate(request(body))).isFalse();
    }

    @Test
    void secretInAHeaderOrQueryDoesNotCount() {
        WebhookRequest request = ProviderHarness.request(CaktoProvider.NAME,
                "{\"event\":\"purchase_approved\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("X-Cakto-Secret", SECRET, "Authorization", SECRET), Map.of("secret", SECRET));
        assertThat(authenticator(SECRET).authenticate(request)).isFalse();
    }

    @Test
    void noSecretConfiguredRefusesEverything() {
        Authenticator unconfigured = authenticator();
        assertThat(unconfigured.isConfigured()).isFalse();
        assertThat(unconfigured.authenticate(withSecret(SECRET))).isFalse();
        assertThat(unconfigured.authenticate(withSecret(""))).isFalse();
        Authenticator blank = authenticator(" ");
        assertThat(blank.isConfigured()).isFalse();
        assertThat(blank.authenticate(withSecret(" "))).isFalse();
        assertThat(authenticator(SECRET).isConfigured()).isTrue();
    }

    @Test
    void rotationAcceptsBothConfiguredSecretsAndRefusesTheRemovedOne() {
        Authenticator during = authenticator(SECRET, NEXT_SECRET);
        assertThat(during.authenticate(withSecret(SECRET))).isTrue();
        assertThat(during.authenticate(withSecret(NEXT_SECRET))).isTrue();
        Authenticator after = authenticator(NEXT_SECRET);
        assertThat(after.authenticate(withSecret(NEXT_SECRET))).isTrue();
        assertThat(after.authenticate(withSecret(SECRET))).isFalse();
    }

    @Test
    void theSecretFieldIsTheCredentialRemovedFromRaw() {
        assertThat(authenticator(SECRET).credentialFields()).containsExactly("secret");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsInvalidNotUnauthorized() {
        assertThatThrownBy(() -> authenticator(SECRET).authenticate(request("[1,2]")))
                .isInstanceOf(InvalidWebhookException.class);
        assertThatThrownBy(() -> authenticator(SECRET).authenticate(request("{\"secret\":")))
                .isInstanceOf(InvalidWebhookException.class);
    }

    @Test
    void exceptionsAndToStringNeverCarryTheSecret() {
        Authenticator authenticator = authenticator(SECRET);
        assertThat(new ProviderSettings(List.of(SECRET), null, null).toString()).doesNotContain(SECRET);
        assertThatThrownBy(() -> authenticator.authenticate(request("{\"secret\":\"" + SECRET + "\"")))
                .hasMessageNotContaining(SECRET);
    }
}
