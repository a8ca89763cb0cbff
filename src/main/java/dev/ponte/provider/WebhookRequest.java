package dev.ponte.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * One webhook as received: the exact body bytes (signatures are computed over them), headers (case-insensitive)
 * and query parameters. The JSON is parsed on first use only.
 */
public final class WebhookRequest {

    private final String provider;
    private final byte[] body;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    private final ObjectMapper mapper;
    private ObjectNode json;

    public WebhookRequest(String provider, byte[] body, Map<String, String> headers, Map<String, String> query,
                          ObjectMapper mapper) {
        this.provider = provider;
        this.body = body;
        this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        this.headers.putAll(headers);
        this.query = Map.copyOf(query);
        this.mapper = mapper;
    }

    public String provider() {
        return provider;
    }

    /** The body exactly as received. Do not modify. */
    public byte[] body() {
        return body;
    }

    /** First value of a header, any case; null when absent. */
    public String header(String name) {
        return headers.get(name);
    }

    /** First value of a query parameter; null when absent. */
    public String queryParameter(String name) {
        return query.get(name);
    }

    /** @throws InvalidWebhookException when the body is empty, not JSON, or not an object */
    public ObjectNode json() {
        if (json == null) {
            json = parse();
        }
        return json;
    }

    private ObjectNode parse() {
        if (body.length == 0) {
            throw new InvalidWebhookException("empty body");
        }
        // the parser decodes overlong forms and encoded surrogates without complaint; JSON is UTF-8 (RFC 8259, 8.1)
        int invalid = firstInvalidUtf8(body);
        if (invalid >= 0) {
            throw new InvalidWebhookException("invalid UTF-8 at byte " + invalid);
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (IOException e) {
            throw new InvalidWebhookException(JsonErrors.describe(e));
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidWebhookException("empty body");
        }
        if (!node.isObject()) {
            throw new InvalidWebhookException("expected a JSON object, got " + JsonErrors.kind(node));
        }
        return (ObjectNode) node;
    }

    /** @return the offset of the first byte that is not well-formed UTF-8, or -1 when all are */
    private static int firstInvalidUtf8(byte[] bytes) {
        int ascii = 0;
        while (ascii < bytes.length && bytes[ascii] >= 0) {
            ascii++;
        }
        if (ascii == bytes.length) {
            return -1;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.min(bytes.length, 512));
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }
}
