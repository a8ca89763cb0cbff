package dev.ponte.provider.cakto;

import dev.ponte.provider.ProviderSettings;
import dev.ponte.support.Fixtures;
import dev.ponte.support.GoldenEvents;
import dev.ponte.support.ProviderHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Cakto fixture against its reviewed golden event (src/test/resources/golden/cakto/). */
class CaktoGoldenTest {

    /** The secret the shared fixtures carry. */
    static final String FIXTURE_SECRET = "b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37";

    private final CaktoProvider provider = new CaktoProvider(new ProviderSettings(List.of(FIXTURE_SECRET), null, null));

    static List<String> fixtures() {
        return Fixtures.names(CaktoProvider.NAME);
    }

    @Test
    void everyDocumentedFixtureIsCovered() {
        assertThat(fixtures()).contains("purchase_approved.json", "purchase_refused.json", "pix_gerado.json",
                "refund.json", "chargeback.json", "checkout_abandonment.json", "subscription_created.json",
                "subscription_renewed.json", "subscription_canceled.json");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureMatchesItsGoldenEvent(String fixture) {
        GoldenEvents.assertMatches(CaktoProvider.NAME, fixture,
                ProviderHarness.event(provider, fixture, Map.of("User-Agent", "CaktoBot/1.0"), Map.of()));
    }
}
