package dev.ponte.event;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.FileReader;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/asyncapi.yaml lists every event type the code can publish, and points at the shipped JSON Schema. */
class AsyncApiCatalogueTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyEventTypeHasAChannel() throws Exception {
        Map<String, Object> document;
        try (Reader reader = new FileReader("docs/asyncapi.yaml")) {
            document = new Yaml().load(reader);
        }
        Set<String> addresses = new HashSet<>();
        ((Map<String, Map<String, Object>>) document.get("channels")).values()
                .forEach(channel -> addresses.add((String) channel.get("address")));
        assertThat(addresses).containsAll(EventTypes.ALL).contains("unmapped.{provider}");
        assertThat(addresses).hasSize(EventTypes.ALL.size() + 1);
        assertThat(Files.readString(Path.of("docs/asyncapi.yaml")))
                .contains("../src/main/resources/schema/unified-event.schema.json");
        assertThat(Path.of("src/main/resources/schema/unified-event.schema.json")).exists();
    }
}
