package dev.ponte.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON settings of webhook payloads and unified events, in one place. */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // money arrives as JSON numbers (Cakto 97.9): keep the decimal text exact, never a double
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // raw keeps numbers as sent: 197.0 stays 197.0
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // {"a":1}{"b":2} or {"a":1} garbage is no JSON object: without this the parser stops after the first value
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxNumberLength(64)
                .maxStringLength(1_000_000)
                .build());
    }

    private EventJson() {
    }

    /** Shared, thread-safe. Parses webhooks strictly (duplicate keys, nesting depth 64) and writes events. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
