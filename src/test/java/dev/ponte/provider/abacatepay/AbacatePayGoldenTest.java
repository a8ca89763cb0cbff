package dev.ponte.provider.abacatepay;

import dev.ponte.support.Fixtures;
import dev.ponte.support.GoldenEvents;
import dev.ponte.support.ProviderHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.ponte.provider.abacatepay.AbacatePayTestData.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

/** Every fixture, POSTed verbatim with its published signature and the secret in the query, gives its golden event. */
class AbacatePayGoldenTest {

    static List<String> fixtures() {
        return Fixtures.names(PROVIDER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureGivesItsGoldenEvent(String fixture) {
        AbacatePayProvider provider = AbacatePayTestData.provider();
        GoldenEvents.assertMatches(PROVIDER, fixture, ProviderHarness.event(provider, fixture,
                AbacatePayTestData.signedHeaders(fixture), AbacatePayTestData.secretQuery()));
    }

    @Test
    void everyFixtureHasAPublishedSignatureAndViceVersa() {
        assertThat(AbacatePayTestData.publishedSignatures().keySet()).containsExactlyInAnyOrderElementsOf(fixtures());
        assertThat(fixtures()).hasSize(11);
    }
}
