package dev.ponte.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.support.EventSchema;
import dev.ponte.support.MarkdownTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/unified-event.md, the JSON Schema and the Java model say the same: the same fields with the same types and
 * nullability, the same lists of values, and an example the schema accepts and the code produces.
 */
class UnifiedEventDocTest {

    private static final Path DOC = Path.of("docs", "unified-event.md");
    private static final Path SCHEMA = Path.of("src", "main", "resources", "schema", "unified-event.schema.json");
    private static final Path EXAMPLE_GOLDEN = Path.of("src", "test", "resources", "golden", "cakto",
            "purchase_approved.json");

    private static String doc;
    private static JsonNode schema;
    /** Every property path of the schema ({@code order.items[].id}) and its definition, $refs resolved. */
    private static Map<String, JsonNode> schemaFields;
    /** The rows of the doc's field tables: path → the type cell. */
    private static Map<String, String> docFields;

    @BeforeAll
    static void read() throws IOException {
        doc = Files.readString(DOC);
        schema = EventJson.mapper().readTree(SCHEMA.toFile());
        schemaFields = new LinkedHashMap<>();
        collect(schema, "", schemaFields);
        docFields = new LinkedHashMap<>();
        for (List<String> row : MarkdownTables.rows(doc, "field")) {
            String path = MarkdownTables.code(row.get(0));
            assertThat(docFields.put(path, row.get(1))).as("%s twice in the field tables", path).isNull();
        }
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        assertThat(ref.asText()).startsWith("#/");
        return resolve(schema.at(ref.asText().substring(1)));
    }

    private static void collect(JsonNode node, String prefix, Map<String, JsonNode> into) {
        JsonNode properties = resolve(node).get("properties");
        if (properties == null) {
            return;
        }
        properties.fields().forEachRemaining(field -> {
            String path = prefix + field.getKey();
            JsonNode definition = resolve(field.getValue());
            into.put(path, definition);
            collect(definition, path + ".", into);
            JsonNode items = definition.get("items");
            if (items != null) {
                collect(items, path + "[].", into);
            }
        });
    }

    private static Set<String> types(JsonNode definition) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = definition.get("type");
        if (type != null && type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type != null) {
            types.add(type.asText());
        }
        JsonNode values = definition.get("enum");
        if (values != null) {
            values.forEach(v -> types.add(v.isNull() ? "null" : v.isTextual() ? "string" : v.getNodeType().name()));
        }
        return types;
    }

    @Test
    void everyFieldOfTheSchemaIsInTheDocAndNoOther() {
        assertThat(schemaFields).as("schema fields").hasSizeGreaterThan(80);
        assertThat(docFields.keySet()).as("fields of docs/unified-event.md that the schema lacks")
                .isSubsetOf(schemaFields.keySet());
        assertThat(schemaFields.keySet()).as("fields of the schema that docs/unified-event.md lacks")
                .isSubsetOf(docFields.keySet());
    }

    @Test
    void theDocGivesEachFieldTheSchemasTypeAndNullability() {
        schemaFields.forEach((path, definition) -> {
            Set<String> types = types(definition);
            assertThat(types).as("schema type of %s", path).isNotEmpty();
            String cell = docFields.get(path);
            assertThat(cell).as("doc row of %s", path).isNotNull();
            Set<String> words = Arrays.stream(cell.split("[^a-z]+")).collect(Collectors.toSet());
            assertThat(words.contains("null")).as("%s is nullable in the schema: %s; doc says '%s'", path, types, cell)
                    .isEqualTo(types.contains("null"));
            types.stream().filter(t -> !t.equals("null")).forEach(t ->
                    assertThat(words).as("type of %s: schema %s, doc '%s'", path, types, cell).contains(t));
        });
    }

    @Test
    void everyListOfValuesInTheSchemaIsInTheDoc() {
        Map<String, Set<String>> schemaEnums = new LinkedHashMap<>();
        schemaFields.forEach((path, definition) -> {
            if (definition.has("enum")) {
                schemaEnums.put(path, values(definition));
            }
        });
        assertThat(schemaEnums).containsKeys("type", "order.status", "order.payment_method",
                "customer.document_type", "customer.phone_numbers[].type");
        schemaEnums.forEach((path, values) -> assertThat(docValues(path)).as("values of %s in the doc", path)
                .containsExactlyInAnyOrderElementsOf(values));
    }

    @Test
    void theSchemasListsOfValuesAreTheJavaOnes() {
        assertThat(values(schemaFields.get("type"))).containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
        assertThat(values(schemaFields.get("order.status"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(OrderStatus.values()).map(OrderStatus::wire).toList());
        assertThat(values(schemaFields.get("order.payment_method"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(PaymentMethod.values()).map(PaymentMethod::wire).toList());
        assertThat(values(schemaFields.get("customer.document_type"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(DocumentType.values()).map(DocumentType::wire).toList());
        assertThat(values(schemaFields.get("customer.phone_numbers[].type"))).containsExactlyInAnyOrder(
                Phones.parse("+5511987654321").type(), Phones.parse("+551133334444").type());
    }

    @Test
    void theExampleIsValidAndIsTheEventTheCodeMakes() throws IOException {
        Matcher block = Pattern.compile("## A full example.*?```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find()).as("a ```json block under '## A full example'").isTrue();
        JsonNode example = EventJson.mapper().readTree(block.group(1));
        EventSchema.assertValid(example);
        ObjectNode withoutReceivedAt = example.deepCopy();
        withoutReceivedAt.remove("received_at");
        JsonNode golden = EventJson.mapper().readTree(EXAMPLE_GOLDEN.toFile());
        assertThat(withoutReceivedAt.toPrettyString()).as("the example is the golden event of %s", EXAMPLE_GOLDEN)
                .isEqualTo(golden.toPrettyString());
        assertThat(example.fieldNames()).toIterable().containsExactlyElementsOf(List.of("id", "type", "provider",
                "provider_event", "occurred_at", "received_at", "test_mode", "order", "subscription", "customer",
                "lead_tracking", "raw"));
    }

    private static Set<String> values(JsonNode definition) {
        Set<String> values = new LinkedHashSet<>();
        definition.get("enum").forEach(v -> {
            if (!v.isNull()) {
                values.add(v.asText());
            }
        });
        return values;
    }

    /** The first column of the table headed "`path` value". */
    private static List<String> docValues(String path) {
        return MarkdownTables.rows(doc, "`" + path + "` value").stream().map(row -> MarkdownTables.code(row.get(0)))
                .toList();
    }
}
