package dev.ponte.provider.abacatepay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.support.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Secrets, settings and the published signatures of the fixtures' abacatepay-signatures.json. */
final class AbacatePayTestData {

    static final String SECRET = "whsec-abacatepay-test-0123456789abcdef";
    static final String PROVIDER = AbacatePayProvider.NAME;

    private AbacatePayTestData() {
    }

    static ProviderSettings settings(String... secrets) {
        return new ProviderSettings(List.of(secrets), null, null);
    }

    static ProviderSettings settingsWithoutRequiredSignature(String... secrets) {
        return new ProviderSettings(List.of(secrets), false, null);
    }

    static AbacatePayProvider provider() {
        return new AbacatePayProvider(settings(SECRET));
    }

    static byte[] fixture(String name) {
        return Fixtures.bytes(PROVIDER, name);
    }

    /** Fixture file name → Base64 signature of its exact bytes, as published with the fixtures. */
    static Map<String, String> publishedSignatures() {
        try {
            JsonNode file = EventJson.mapper().readTree(
                    Fixtures.root().resolve("abacatepay-signatures.json").toFile());
            Map<String, String> signatures = new TreeMap<>();
            file.path("signatures").fields().forEachRemaining(e -> signatures.put(e.getKey(), e.getValue().asText()));
            return signatures;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String publishedSignature(String fixture) {
        String signature = publishedSignatures().get(fixture);
        if (signature == null) {
            throw new IllegalStateException("no published signature for " + fixture);
        }
        return signature;
    }

    /** Headers and query of a genuine delivery of a fixture: secret in the query, published signature. */
    static Map<String, String> signedHeaders(String fixture) {
        return Map.of(AbacatePaySignature.HEADER, publishedSignature(fixture));
    }

    static Map<String, String> secretQuery() {
        return Map.of(AbacatePayProvider.SECRET_QUERY_PARAMETER, SECRET);
    }
}
