package dev.ponte.support;

import java.util.Map;

/** How the tests authenticate a fixture of each provider, as the provider itself would (its {@link ProviderTestKit}). */
public final class ProviderAuth {

    private ProviderAuth() {
    }

    public record Auth(String query, Map<String, String> headers) {
    }

    /** A fixture's exact bytes with the credential the test application configures. */
    public static Auth forFixture(String provider, String fixture) {
        ProviderTestKit kit = ProviderTestKits.of(provider);
        return kit.auth(Fixtures.bytes(provider, fixture), kit.secret());
    }
}
