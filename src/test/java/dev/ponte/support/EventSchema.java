package dev.ponte.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Validates events against the shipped {@code schema/unified-event.schema.json}. */
public final class EventSchema {

    private static final JsonSchema SCHEMA = load();

    private EventSchema() {
    }

    private static JsonSchema load() {
        try (InputStream in = EventSchema.class.getResourceAsStream("/schema/unified-event.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<ValidationMessage> validate(JsonNode event) {
        return SCHEMA.validate(event);
    }

    public static void assertValid(JsonNode event) {
        assertThat(validate(event)).as("schema violations of %s", event.path("id").asText()).isEmpty();
    }
}
