package dev.ponte.provider.wiapy;

import dev.ponte.provider.Authenticator;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.provider.WebhookRequest;
import dev.ponte.support.Fixtures;
import dev.ponte.support.ProviderHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WiapyAuthenticatorTest {

    private static final String TOKEN = "tok_live_3b9d1e7a5c";
    private static final String NEW_TOKEN = "tok_live_8f2c4a6e0d";
    private static final byte[] BODY = Fixtures.bytes(WiapyProvider.NAME, "paid.json");

    private static Authenticator authenticator(String... tokens) {
        return new WiapyProvider(new ProviderSettings(List.of(tokens), null, null)).authenticator();
    }

    private static WebhookRequest request(byte[] body, String headerName, String headerValue) {
        Map<String, String> headers = new HashMap<>();
        if (headerName != null) {
            headers.put(headerName, headerValue);
        }
        return ProviderHarness.request(WiapyProvider.NAME, body, headers, Map.of());
    }

    private static WebhookRequest withAuthorization(String value) {
        return request(BODY, "Authorization", value);
    }

    @Test
    void acceptsTheRawTokenAsWiapySendsIt() {
        assertThat(authenticator(TOKEN).authenticate(withAuthorization(TOKEN))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer ", "bearer ", "BEARER ", "Bearer   "})
    void toleratesABearerPrefixInAnyCase(String prefix) {
        assertThat(authenticator(TOKEN).authenticate(withAuthorization(prefix + TOKEN))).isTrue();
    }

    @Test
    void readsTheHeaderWhateverItsCase() {
        // Wiapy's page shows both "authorization: seu_token_aqui" and "Authorization: seu_token"
        assertThat(authenticator(TOKEN).authenticate(request(BODY, "authorization", TOKEN))).isTrue();
    }

    @Test
    void toleratesSurroundingWhitespace() {
        assertThat(authenticator(TOKEN).authenticate(withAuthorization("  " + TOKEN + " "))).isTrue();
    }

    @Test
    void matchesATokenConfiguredWithItsBearerPrefix() {
        assertThat(authenticator("Bearer " + TOKEN).authenticate(withAuthorization("Bearer " + TOKEN))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tok_live_3b9d1e7a5d", "Bearer tok_live_3b9d1e7a5d", "tok_live_3b9d1e7a5c0",
            "tok_live_3b9d1e7a5", "TOK_LIVE_3B9D1E7A5C", "Basic tok_live_3b9d1e7a5c", "Bearer", "Bearer ",
            "BearerTok_live_3b9d1e7a5c", "Bearer Bearer tok_live_3b9d1e7a5c"})
    void refusesAWrongToken(String presented) {
        assertThat(authenticator(TOKEN).authenticate(withAuthorization(presented))).isFalse();
    }

    @Test
    void refusesAMissingHeader() {
        assertThat(authenticator(TOKEN).authenticate(request(BODY, null, null))).isFalse();
    }

    @Test
    void refusesABlankHeader() {
        assertThat(authenticator(TOKEN).authenticate(withAuthorization(""))).isFalse();
        assertThat(authenticator(TOKEN).authenticate(withAuthorization("   "))).isFalse();
    }

    @Test
    void refusesTheTokenInAnotherHeaderOrInTheQuery() {
        assertThat(authenticator(TOKEN).authenticate(request(BODY, "X-Wiapy-Token", TOKEN))).isFalse();
        WebhookRequest query = ProviderHarness.request(WiapyProvider.NAME, BODY, Map.of(),
                Map.of("token", TOKEN));
        assertThat(authenticator(TOKEN).authenticate(query)).isFalse();
    }

    @Test
    void withNoTokenConfiguredRefusesEverythingAndSaysSo() {
        Authenticator unconfigured = new WiapyProvider(ProviderSettings.defaults()).authenticator();
        assertThat(unconfigured.isConfigured()).isFalse();
        assertThat(unconfigured.authenticate(withAuthorization(TOKEN))).isFalse();
        assertThat(unconfigured.authenticate(withAuthorization(""))).isFalse();
        assertThat(authenticator(" ").isConfigured()).isFalse();
        assertThat(authenticator(TOKEN).isConfigured()).isTrue();
    }

    @Test
    void rotationAcceptsBothConfiguredTokensAndRefusesTheRemovedOne() {
        Authenticator duringRotation = authenticator(TOKEN, NEW_TOKEN);
        assertThat(duringRotation.authenticate(withAuthorization(TOKEN))).isTrue();
        assertThat(duringRotation.authenticate(withAuthorization(NEW_TOKEN))).isTrue();
        assertThat(duringRotation.authenticate(withAuthorization("Bearer " + NEW_TOKEN))).isTrue();

        Authenticator afterRotation = authenticator(NEW_TOKEN);
        assertThat(afterRotation.authenticate(withAuthorization(NEW_TOKEN))).isTrue();
        assertThat(afterRotation.authenticate(withAuthorization(TOKEN))).isFalse();
        assertThat(afterRotation.authenticate(withAuthorization("Bearer " + TOKEN))).isFalse();
    }

    @Test
    void neverReadsTheBody() {
        // a body that is not JSON would throw if the authenticator parsed it
        byte[] notJson = "not json at all".getBytes(StandardCharsets.UTF_8);
        assertThat(authenticator(TOKEN).authenticate(request(notJson, "Authorization", TOKEN))).isTrue();
        assertThat(authenticator(TOKEN).authenticate(request(notJson, "Authorization", "wrong"))).isFalse();
    }

    @Test
    void hasNoCredentialInTheBody() {
        assertThat(authenticator(TOKEN).credentialFields()).isEmpty();
    }
}
