package dev.ponte.provider.arkama;

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

/** Every Arkama fixture against its hand-checked expected event in src/test/resources/golden/arkama/. */
class ArkamaGoldenTest {

    static final String FIXTURE_TOKEN = "e1fa3f290f4de6a0e9070580c5ba8a60";

    private final ArkamaProvider provider =
            new ArkamaProvider(new ProviderSettings(List.of(FIXTURE_TOKEN), null, null));

    static List<String> fixtures() {
        return Fixtures.names(ArkamaProvider.NAME);
    }

    @Test
    void everyFixtureIsCovered() {
        assertThat(fixtures()).containsExactlyInAnyOrder("CART_ABANDONED.json", "ORDER_CHARGEBACK.json",
                "ORDER_PAID.json", "ORDER_PAID_subscription.json", "ORDER_PENDING.json", "ORDER_REFUNDED.json");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureBecomesItsGoldenEvent(String fixture) {
        GoldenEvents.assertMatches(ArkamaProvider.NAME, fixture,
                ProviderHarness.event(provider, fixture, Map.of(), Map.of()));
    }
}
