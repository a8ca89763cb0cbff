package dev.ponte.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.support.Fixtures;
import dev.ponte.support.GoldenEvents;
import dev.ponte.support.HostileJson;
import dev.ponte.support.ProviderAuth;
import dev.ponte.support.ProviderHarness;
import dev.ponte.support.ProviderTestKit;
import dev.ponte.support.ProviderTestKits;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.net.URLDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a provider brings, checked for every registered one: its test kit, fixtures and a golden event per
 * fixture; the kit's deliveries authenticate (and a wrong credential does not), its new order id makes a new
 * object, its event paths exist. A new provider that misses one of these fails here, by name.
 */
class ProviderKitTest {

    private static final String WRONG = "provider-kit-wrong-credential";

    private static WebhookProvider provider(String name, String secret) {
        return ProviderRegistry.factories().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow()
                .create().apply(new ProviderSettings(List.of(secret), null, null));
    }

    @Test
    void everyRegisteredProviderHasAKit() {
        assertThat(ProviderTestKits.names()).containsExactlyElementsOf(
                ProviderRegistry.factories().stream().map(ProviderRegistry.Factory::name).toList());
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureOfEveryProviderGivesItsGoldenEvent() {
        return ProviderTestKits.names().stream().flatMap(name -> {
            List<String> fixtures = Fixtures.names(name);
            assertThat(fixtures).as("fixtures of %s", name).isNotEmpty();
            return fixtures.stream().map(fixture -> DynamicTest.dynamicTest(name + "/" + fixture, () -> {
                assertThat(Path.of("src", "test", "resources", "golden", name, fixture)).as("golden file").exists();
                ProviderTestKit kit = ProviderTestKits.of(name);
                ProviderAuth.Auth auth = kit.auth(Fixtures.bytes(name, fixture), kit.secret());
                GoldenEvents.assertMatches(name, fixture, ProviderHarness.event(provider(name, kit.secret()), fixture,
                        auth.headers(), query(auth.query())));
            }));
        });
    }

    @TestFactory
    Stream<DynamicTest> eachKitDeliversAsItsProviderExpects() {
        return ProviderTestKits.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            ProviderTestKit kit = ProviderTestKits.of(name);
            WebhookProvider provider = provider(name, kit.secret());
            assertThat(Fixtures.names(name)).contains(kit.sampleFixture());
            byte[] sample = Fixtures.bytes(name, kit.sampleFixture());

            assertThat(authenticates(provider, sample, kit.auth(sample, kit.secret()))).as("right credential").isTrue();
            byte[] wrongBody = new String(sample, StandardCharsets.UTF_8).replace(kit.secret(), WRONG)
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(authenticates(provider, wrongBody, kit.auth(wrongBody, WRONG))).as("wrong credential").isFalse();

            ObjectNode renamed = HostileJson.parse(sample);
            kit.setOrderId(renamed, "provider-kit-order-1");
            byte[] renamedBytes = HostileJson.bytes(renamed);
            assertThat(authenticates(provider, renamedBytes, kit.auth(renamedBytes, kit.secret()))).isTrue();
            Normalization normalization = provider.normalizer().normalize(renamed);
            assertThat(normalization.mapped()).isTrue();
            assertThat(normalization.objectId()).isEqualTo("provider-kit-order-1");

            for (HostileJson.Path eventPath : kit.eventPaths()) {
                JsonNode event = HostileJson.at(HostileJson.parse(sample), eventPath);
                assertThat(event != null && event.isTextual()).as("%s in the sample", eventPath).isTrue();
            }
        }));
    }

    private static boolean authenticates(WebhookProvider provider, byte[] body, ProviderAuth.Auth auth) {
        return provider.authenticator().authenticate(ProviderHarness.request(provider.name(), body, auth.headers(),
                query(auth.query())));
    }

    /** "?a=b&c=d" as the query parameters the ingress hands the authenticator. */
    private static Map<String, String> query(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query.startsWith("?")) {
            for (String pair : query.substring(1).split("&")) {
                int eq = pair.indexOf('=');
                parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
