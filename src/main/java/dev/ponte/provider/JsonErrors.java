package dev.ponte.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;

/** Short, value-free descriptions of JSON problems for error bodies: never echoes the payload. */
final class JsonErrors {

    private JsonErrors() {
    }

    static String describe(Exception e) {
        if (e instanceof StreamConstraintsException) {
            return "JSON exceeds parser limits (nesting depth, number or string length)";
        }
        if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
            String message = jpe.getOriginalMessage();
            String reason = message.startsWith("Duplicate field") ? "duplicate object key"
                    : message.contains("Invalid UTF-8") ? "invalid UTF-8"
                    : message.startsWith("Unexpected end-of-input") ? "unexpected end of input"
                    : "malformed JSON";
            return reason + " at line " + jpe.getLocation().getLineNr() + ", column "
                    + jpe.getLocation().getColumnNr();
        }
        return "malformed JSON";
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
