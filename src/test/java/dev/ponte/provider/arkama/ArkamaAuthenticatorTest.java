package dev.ponte.provider.arkama;

import dev.ponte.provider.Authenticator;
import dev.ponte.provider.Authenticators;
import dev.ponte.provider.Credentials;
import dev.ponte.provider.InvalidWebhookException;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.provider.WebhookRequest;
import dev.ponte.support.Fixtures;
import dev.ponte.support.ProviderHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArkamaAuthenticatorTest {

    private static final String TOKEN = ArkamaGoldenTest.FIXTURE_TOKEN;
    private static final String NEW_TOKEN = "9b7d1c0e5a4f4e2b8c3d6a1f0e9d8c7b";

    private static Authenticator authenticator(List<String> tokens) {
        return new ArkamaProvider(new ProviderSettings(tokens, null, null)).authenticator();
    }

    private static WebhookRequest body(String json) {
        return ProviderHarness.request(ArkamaProvider.NAME, json.getBytes(StandardCharsets.UTF_8), Map.of(), Map.of());
    }

    private static WebhookRequest withToken(String token) {
        return body("{\"token\":\"" + token + "\",\"event\":\"ORDER_PAID\",\"data\":{}}");
    }

    @Test
    void rightTokenIsAccepted() {
        byte[] fixture = Fixtures.bytes(ArkamaProvider.NAME, "ORDER_PAID.json");
        assertThat(authenticator(List.of(TOKEN)).authenticate(
                ProviderHarness.request(ArkamaProvider.NAME, fixture, Map.of(), Map.of()))).isTrue();
    }

    @Test
    void wrongTokenIsRefused() {
        Authenticator auth = authenticator(List.of(TOKEN));
        assertThat(auth.authenticate(withToken(NEW_TOKEN))).isFalse();
        // one character off, a prefix, different case, surrounding spaces: all refused
        assertThat(auth.authenticate(withToken(TOKEN.substring(0, 31) + "1"))).isFalse();
        assertThat(auth.authenticate(withToken(TOKEN.substring(0, 16)))).isFalse();
        assertThat(auth.authenticate(withToken(TOKEN.toUpperCase()))).isFalse();
        assertThat(auth.authenticate(withToken(" " + TOKEN))).isFalse();
    }

    @Test
    void missingTokenIsRefused() {
        Authenticator auth = authenticator(List.of(TOKEN));
        assertThat(auth.authenticate(body("{\"event\":\"ORDER_PAID\",\"data\":{}}"))).isFalse();
        assertThat(auth.authenticate(body("{\"token\":null,\"event\":\"ORDER_PAID\"}"))).isFalse();
        assertThat(auth.authenticate(withToken(""))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"token\":{\"value\":\"" + TOKEN + "\"}}", "{\"token\":[\"" + TOKEN + "\"]}",
            "{\"token\":12345}", "{\"token\":true}", "{\"data\":{\"token\":\"" + TOKEN + "\"}}"})
    void tokenOfTheWrongTypeOrPlaceIsRefused(String json) {
        assertThat(authenticator(List.of(TOKEN)).authenticate(body(json))).isFalse();
    }

    @Test
    void aTokenOnlyInTheAuthorizationHeaderIsNotEnough() {
        WebhookRequest request = ProviderHarness.request(ArkamaProvider.NAME,
                "{\"event\":\"ORDER_PAID\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + TOKEN), Map.of("token", TOKEN));
        assertThat(authenticator(List.of(TOKEN)).authenticate(request)).isFalse();
    }

    @Test
    void noTokenConfiguredRefusesEverything() {
        for (List<String> none : List.of(List.<String>of(), List.of(" "))) {
            Authenticator auth = authenticator(none);
            assertThat(auth.isConfigured()).isFalse();
            assertThat(auth.authenticate(withToken(TOKEN))).isFalse();
            assertThat(auth.authenticate(withToken(""))).isFalse();
        }
        assertThat(Authenticators.secretInBodyField(ArkamaProvider.TOKEN_FIELD, new Credentials(null)).isConfigured()).isFalse();
        assertThat(authenticator(List.of(TOKEN)).isConfigured()).isTrue();
    }

    @Test
    void rotationAcceptsBothConfiguredTokensAndRefusesARemovedOne() {
        Authenticator during = authenticator(List.of(TOKEN, NEW_TOKEN));
        assertThat(during.authenticate(withToken(TOKEN))).isTrue();
        assertThat(during.authenticate(withToken(NEW_TOKEN))).isTrue();
        assertThat(during.authenticate(withToken("0000000000000000000000000000000a"))).isFalse();

        Authenticator after = authenticator(List.of(NEW_TOKEN));
        assertThat(after.authenticate(withToken(NEW_TOKEN))).isTrue();
        assertThat(after.authenticate(withToken(TOKEN))).isFalse();
    }

    @Test
    void theTokenFieldIsTheCredentialRemovedFromRaw() {
        assertThat(authenticator(List.of(TOKEN)).credentialFields()).containsExactly("token");
    }

    @Test
    void theProviderAuthenticatesWithItsConfiguredTokens() {
        ArkamaProvider provider = new ArkamaProvider(new ProviderSettings(List.of(TOKEN), null, null));
        assertThat(provider.name()).isEqualTo("arkama");
        assertThat(provider.authenticator().isConfigured()).isTrue();
        assertThat(provider.authenticator().authenticate(withToken(TOKEN))).isTrue();
        assertThat(provider.authenticator().authenticate(withToken(NEW_TOKEN))).isFalse();
        assertThat(new ArkamaProvider(ProviderSettings.defaults()).authenticator().isConfigured()).isFalse();
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsInvalidNotAuthenticated() {
        Authenticator auth = authenticator(List.of(TOKEN));
        assertThatThrownBy(() -> auth.authenticate(body("[\"" + TOKEN + "\"]")))
                .isInstanceOf(InvalidWebhookException.class);
        assertThatThrownBy(() -> auth.authenticate(body("token=" + TOKEN)))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessageNotContaining(TOKEN);
    }
}
