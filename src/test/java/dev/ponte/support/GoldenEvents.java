package dev.ponte.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected unified events, one per fixture, under {@code src/test/resources/golden/<provider>/<fixture>}.
 * {@code received_at} differs on every run and is compared by shape only. Run with {@code -Dgolden.write=true}
 * to write missing golden files; review every written file by hand against docs/providers/ before committing.
 */
public final class GoldenEvents {

    private static final Path ROOT = Path.of("src", "test", "resources", "golden");

    private GoldenEvents() {
    }

    public static void assertMatches(String provider, String fixture, JsonNode actual) {
        EventSchema.assertValid(actual);
        Path file = ROOT.resolve(provider).resolve(fixture);
        ObjectNode comparable = withoutReceivedAt(actual);
        try {
            if (!Files.exists(file) && Boolean.getBoolean("golden.write")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, EventJson.mapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(comparable) + "\n");
            }
            assertThat(Files.exists(file)).as("golden file %s", file).isTrue();
            JsonNode expected = EventJson.mapper().readTree(file.toFile());
            assertThat(comparable.toPrettyString()).as("event for %s/%s", provider, fixture)
                    .isEqualTo(expected.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(actual.path("received_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    }

    private static ObjectNode withoutReceivedAt(JsonNode event) {
        ObjectNode copy = event.deepCopy();
        copy.remove("received_at");
        return copy;
    }
}
