package dev.ponte.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;
import dev.ponte.event.UnifiedEvent;
import dev.ponte.ingress.EventAssembler;
import dev.ponte.provider.Normalization;
import dev.ponte.provider.WebhookProvider;
import dev.ponte.provider.WebhookRequest;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs one fixture through a provider's authenticator and normalizer as the ingress does, without HTTP. */
public final class ProviderHarness {

    private ProviderHarness() {
    }

    public static WebhookRequest request(String provider, byte[] body, Map<String, String> headers,
                                         Map<String, String> query) {
        return new WebhookRequest(provider, body, headers, query, EventJson.mapper());
    }

    /** Authenticates (must pass), normalizes and assembles the event as JSON. */
    public static JsonNode event(WebhookProvider provider, String fixture, Map<String, String> headers,
                                 Map<String, String> query) {
        byte[] body = Fixtures.bytes(provider.name(), fixture);
        WebhookRequest request = request(provider.name(), body, headers, query);
        assertThat(provider.authenticator().authenticate(request)).as("authenticates %s", fixture).isTrue();
        Normalization normalization = provider.normalizer().normalize(request.json());
        UnifiedEvent event = EventAssembler.assemble(provider, normalization, request.json(), body, Instant.now());
        return EventJson.mapper().valueToTree(event);
    }
}
