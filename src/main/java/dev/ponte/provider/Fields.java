package dev.ponte.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.NormalizationException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, null-safe reads from a provider payload. Missing, null and "" read as null; a value of the wrong kind
 * throws {@link NormalizationException} naming the path (never the value), which parks the webhook.
 */
public final class Fields {

    private static final int MAX_PLAIN_SCALE = 1000;

    private Fields() {
    }

    public static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node == null ? MissingNode.getInstance() : node;
        for (String step : path) {
            if (current.isNull() || current.isMissingNode()) {
                return MissingNode.getInstance();
            }
            if (!current.isObject()) {
                throw new NormalizationException(String.join(".", path) + ": parent is not an object");
            }
            current = current.path(step);
        }
        return current;
    }

    public static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    /** A string, or a number/boolean as its text. */
    public static String text(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        if (absent(value)) {
            return null;
        }
        if (value.isValueNode()) {
            String text = value.isBigDecimal() ? plain(value.decimalValue(), path) : value.asText();
            return text.isBlank() ? null : text;
        }
        throw new NormalizationException(String.join(".", path) + " is not a string");
    }

    /** 1e999999999 is 12 characters of JSON and a billion digits written out: such a number is no text. */
    private static String plain(BigDecimal number, String... path) {
        if (Math.abs((long) number.scale()) > MAX_PLAIN_SCALE) {
            throw new NormalizationException(String.join(".", path) + " is a number out of range");
        }
        return number.toPlainString();
    }

    /** An object, or null when missing, null or empty ({@code {}} is null in the unified event). */
    public static ObjectNode object(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        if (absent(value)) {
            return null;
        }
        if (!value.isObject()) {
            throw new NormalizationException(String.join(".", path) + " is not an object");
        }
        return value.isEmpty() ? null : (ObjectNode) value;
    }

    /** The elements of an array; empty when missing or null. */
    public static List<JsonNode> array(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        if (absent(value)) {
            return List.of();
        }
        if (!(value instanceof ArrayNode array)) {
            throw new NormalizationException(String.join(".", path) + " is not an array");
        }
        List<JsonNode> elements = new ArrayList<>(array.size());
        array.forEach(elements::add);
        return elements;
    }

    /** An integer, from a JSON integer or a string of digits. */
    public static Integer integer(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        if (absent(value)) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0
                && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual() && value.textValue().trim().matches("-?[0-9]{1,9}")) {
            return Integer.valueOf(value.textValue().trim());
        }
        if (value.isTextual() && value.textValue().isBlank()) {
            return null;
        }
        throw new NormalizationException(String.join(".", path) + " is not an integer");
    }

    /** A boolean, or "true"/"false" as a string; {@code fallback} when absent. */
    public static boolean bool(JsonNode node, boolean fallback, String... path) {
        JsonNode value = at(node, path);
        if (absent(value)) {
            return fallback;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && value.textValue().matches("(?i)true|false")) {
            return Boolean.parseBoolean(value.textValue());
        }
        throw new NormalizationException(String.join(".", path) + " is not a boolean");
    }

    /**
     * An address object with the usual field names ({@code street}, {@code number}, {@code complement},
     * {@code neighborhood}, {@code city}, {@code state}, {@code country}) and the provider's own name for the zip
     * code; null when absent or when every field is null.
     */
    public static dev.ponte.event.Customer.Address address(ObjectNode address, String zipCodeField) {
        if (address == null) {
            return null;
        }
        return new dev.ponte.event.Customer.Address(text(address, zipCodeField), text(address, "street"),
                text(address, "number"), text(address, "complement"), text(address, "neighborhood"),
                text(address, "city"), text(address, "state"), text(address, "country")).orNull();
    }
}
