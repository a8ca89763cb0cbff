package dev.ponte.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import dev.ponte.event.EventJson;
import dev.ponte.event.NormalizationException;
import dev.ponte.event.UnifiedEvent;
import dev.ponte.ingress.EventAssembler;
import dev.ponte.provider.Normalization;
import dev.ponte.provider.WebhookProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hostile variants of provider payloads: every node path of a body, a copy with one node replaced, the values of
 * the wrong type each field gets, and what the ingress makes of a body at unit level (normalize as
 * {@code NormalizeStep} does, assemble, serialize, validate against the schema).
 */
public final class HostileJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Far above the few milliseconds a normalization takes; a number written out digit by digit takes minutes. */
    private static final long SLOW_NANOS = 5_000_000_000L;

    private HostileJson() {
    }

    /** A path from the root: object keys (String) and array indexes (Integer). */
    public record Path(List<Object> steps) {

        public Path {
            steps = List.copyOf(steps);
        }

        public Path then(Object step) {
            List<Object> next = new ArrayList<>(steps);
            next.add(step);
            return new Path(next);
        }

        public Object last() {
            return steps.get(steps.size() - 1);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            for (Object step : steps) {
                if (step instanceof Integer i) {
                    out.append('[').append(i).append(']');
                } else {
                    out.append(out.isEmpty() ? "" : ".").append(step);
                }
            }
            return out.toString();
        }
    }

    /** Every node below the root (objects, arrays and leaves), depth first, in document order. */
    public static List<Path> paths(JsonNode root) {
        List<Path> paths = new ArrayList<>();
        collect(root, new Path(List.of()), paths);
        return paths;
    }

    private static void collect(JsonNode node, Path at, List<Path> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Path child = at.then(field.getKey());
                into.add(child);
                collect(field.getValue(), child, into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Path child = at.then(i);
                into.add(child);
                collect(node.get(i), child, into);
            }
        }
    }

    /** The node at a path, or null when the path does not exist. */
    public static JsonNode at(JsonNode root, Path path) {
        JsonNode current = root;
        for (Object step : path.steps()) {
            current = step instanceof Integer i ? current.get(i) : current.get((String) step);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** A deep copy of {@code root} with the node at {@code path} replaced by {@code value}. */
    public static ObjectNode with(ObjectNode root, Path path, JsonNode value) {
        ObjectNode copy = root.deepCopy();
        JsonNode parent = at(copy, new Path(path.steps().subList(0, path.steps().size() - 1)));
        if (parent instanceof ObjectNode object) {
            object.set((String) path.last(), value.deepCopy());
        } else if (parent instanceof ArrayNode array) {
            array.set((Integer) path.last(), value.deepCopy());
        } else {
            throw new IllegalArgumentException("no container at " + path);
        }
        return copy;
    }

    /**
     * A value of every JSON kind, each of the wrong type for most fields: objects and arrays (empty or not),
     * strings that are not numbers, dates or ids (or a phone too short for E.164, a date-time whose UTC year has
     * five digits), numbers far out of any range (1e309 overflows a double,
     * 1e999999999 has a billion digits when written out, 64 digits is the parser's limit, the largest long is no
     * epoch second), a negative number,
     * a boolean and null.
     */
    public static Map<String, JsonNode> wrongValues() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("object", NODES.objectNode().put("x", "y"));
        values.put("empty object", NODES.objectNode());
        values.put("array", NODES.arrayNode().add(1).add("x"));
        values.put("empty array", NODES.arrayNode());
        values.put("string", NODES.textNode("x"));
        values.put("blank string", NODES.textNode(" "));
        values.put("two digits", NODES.textNode("12"));
        values.put("year 10000", NODES.textNode("9999-12-31T23:59:59-03:00"));
        values.put("1e309", NODES.numberNode(new BigDecimal("1e309")));
        values.put("1e999999999", NODES.numberNode(new BigDecimal("1e999999999")));
        values.put("1e-999999999", NODES.numberNode(new BigDecimal("1e-999999999")));
        values.put("64 digits", NODES.numberNode(new BigInteger("9".repeat(64))));
        values.put("max long", NODES.numberNode(Long.MAX_VALUE));
        values.put("-1", NODES.numberNode(-1));
        values.put("true", NODES.booleanNode(true));
        values.put("null", NODES.nullNode());
        return values;
    }

    public static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) EventJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(JsonNode json) {
        try {
            return EventJson.mapper().writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the ingress publishes for an authenticated body: the event as consumers read it, and its violations. */
    public record Outcome(Normalization normalization, String normalizationError, JsonNode event,
                          Set<ValidationMessage> violations) {

        public boolean parked() {
            return !normalization.mapped();
        }
    }

    /**
     * Normalizes like {@code NormalizeStep}: a {@link NormalizationException} parks the event; any other
     * throwable propagates, and is a bug of the normalizer. Then assembles, writes and re-reads the event as
     * published, and validates it.
     */
    public static Outcome publish(WebhookProvider provider, ObjectNode body) {
        Normalization normalization;
        String error = null;
        try {
            normalization = provider.normalizer().normalize(body);
        } catch (NormalizationException e) {
            error = e.getMessage();
            normalization = Normalization.unmapped(null, "not normalizable: " + e.getMessage());
        }
        UnifiedEvent event = EventAssembler.assemble(provider, normalization, body, bytes(body), Instant.now());
        JsonNode published;
        try {
            published = EventJson.mapper().readTree(EventJson.mapper().writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Outcome(normalization, error, published, EventSchema.validate(published));
    }

    /** @param failure null when the ingress would publish a valid event for the body, else what went wrong */
    public record Verdict(String failure, boolean mapped) {
    }

    /** {@link #publish}, with every way it can go wrong as a failure: a throwable, slowness, a schema violation. */
    public static Verdict verdict(WebhookProvider provider, ObjectNode body) {
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = publish(provider, body);
        } catch (Throwable e) { // an OutOfMemoryError here is a finding too
            return new Verdict("threw " + e, false);
        }
        long took = System.nanoTime() - started;
        if (took > SLOW_NANOS) {
            return new Verdict("took " + took / 1_000_000 + " ms", false);
        }
        if (!outcome.violations().isEmpty()) {
            return new Verdict((outcome.parked() ? "parked (" + outcome.normalization().parkReason() + ")"
                    : "accepted " + outcome.event().path("type").asText())
                    + " event violates the schema: " + outcome.violations(), false);
        }
        return new Verdict(null, !outcome.parked());
    }

    /** At most {@code max} characters of a body, for failure messages. */
    public static String abbreviate(JsonNode body, int max) {
        String text = body.toString();
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }
}
