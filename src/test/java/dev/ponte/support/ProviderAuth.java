package dev.ponte.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** How the tests authenticate a fixture of each provider, as the provider itself would. */
public final class ProviderAuth {

    private ProviderAuth() {
    }

    public record Auth(String query, Map<String, String> headers) {
    }

    /** The fixtures of Cakto and Arkama carry their credential in the body; the others get it here. */
    public static Auth forFixture(String provider, String fixture) {
        return switch (provider) {
            case "abacatepay" -> new Auth("?webhookSecret=" + PonteIntegrationTest.ABACATEPAY_SECRET,
                    Map.of("X-Webhook-Signature", abacatePaySignature(fixture)));
            case "wiapy" -> new Auth("", Map.of("Authorization", PonteIntegrationTest.WIAPY_TOKEN));
            default -> new Auth("", Map.of());
        };
    }

    /** From the fixtures' abacatepay-signatures.json: computed over each file's exact bytes. */
    public static String abacatePaySignature(String fixture) {
        try {
            JsonNode signatures = EventJson.mapper().readTree(
                    Files.readAllBytes(Fixtures.root().resolve("abacatepay-signatures.json")));
            String signature = signatures.path("signatures").path(fixture).asText(null);
            if (signature == null) {
                throw new IllegalStateException("no signature for " + fixture);
            }
            return signature;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
