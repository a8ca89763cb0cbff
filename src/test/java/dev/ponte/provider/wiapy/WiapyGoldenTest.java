package dev.ponte.provider.wiapy;

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

class WiapyGoldenTest {

    private static final String TOKEN = "wiapy-token-7f3a9c";

    private final WiapyProvider provider = new WiapyProvider(new ProviderSettings(List.of(TOKEN), null, null));

    static List<String> fixtures() {
        return Fixtures.names(WiapyProvider.NAME);
    }

    @Test
    void everyFixtureIsCovered() {
        assertThat(fixtures()).containsExactly("chargedback.json", "credit_card_declined.json", "paid.json",
                "refunded.json", "subscription_paid.json", "unpaid_pix.json");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureBecomesItsGoldenEvent(String fixture) {
        GoldenEvents.assertMatches(WiapyProvider.NAME, fixture,
                ProviderHarness.event(provider, fixture, Map.of("Authorization", TOKEN), Map.of()));
    }
}
