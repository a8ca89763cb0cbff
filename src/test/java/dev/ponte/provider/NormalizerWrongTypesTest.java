package dev.ponte.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.support.Fixtures;
import dev.ponte.support.HostileJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every field of every fixture, replaced in turn by every value of {@link HostileJson#wrongValues()}: the
 * normalizer returns an event or a parking reason (a {@code NormalizationException}), never another exception,
 * within a bounded time, and the event the ingress would publish, mapped or parked, validates against the schema.
 * Over HTTP, that is "200 or 202, never a 4xx for an authenticated JSON object, never a 500" (HostileInputIT
 * posts a sample of these).
 */
class NormalizerWrongTypesTest {

    private final ProviderRegistry providers = NormalizerFuzzTest.registry();

    @TestFactory
    Stream<DynamicTest> everyFieldOfEveryFixtureTakesEveryWrongType() {
        return providers.names().stream().flatMap(name -> Fixtures.names(name).stream().map(fixture ->
                DynamicTest.dynamicTest(name + "/" + fixture,
                        () -> sweep(providers.find(name).orElseThrow(), fixture))));
    }

    private static void sweep(WebhookProvider provider, String fixture) {
        ObjectNode body = HostileJson.parse(Fixtures.bytes(provider.name(), fixture));
        List<HostileJson.Path> paths = HostileJson.paths(body);
        assertThat(paths).as("fields of %s", fixture).isNotEmpty();
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (HostileJson.Path path : paths) {
            for (Map.Entry<String, JsonNode> wrong : HostileJson.wrongValues().entrySet()) {
                cases++;
                ObjectNode variant = HostileJson.with(body, path, wrong.getValue());
                String failure = HostileJson.verdict(provider, variant).failure();
                if (failure != null) {
                    failures.add(path + " = " + wrong.getKey() + ": " + failure);
                }
            }
        }
        assertThat(failures).as("%s/%s: %d of %d variants failed", provider.name(), fixture, failures.size(), cases)
                .isEmpty();
    }
}
