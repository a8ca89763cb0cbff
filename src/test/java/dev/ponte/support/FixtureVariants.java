package dev.ponte.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A fixture with another order id, so that it makes a new event: the event ids are deterministic and only
 * {@link dev.ponte.ingress.FixturesEndToEndIT} posts the fixtures as they are. Each provider's
 * {@link ProviderTestKit} sets the id and authenticates the new bytes (a signing provider's kit signs them again
 * with the documented key, not with the code under test).
 */
public final class FixtureVariants {

    private FixtureVariants() {
    }

    public record Variant(String path, byte[] body, Map<String, String> headers) {
    }

    /** A Cakto fixture (secret in the body) with another {@code data.id}. */
    public static ObjectNode cakto(String fixture, String orderId) {
        return withOrderIdBody("cakto", fixture, orderId);
    }

    public static Variant withOrderId(String provider, String fixture, String orderId) {
        byte[] bytes = withOrderIdBody(provider, fixture, orderId).toString().getBytes(StandardCharsets.UTF_8);
        ProviderTestKit kit = ProviderTestKits.of(provider);
        ProviderAuth.Auth auth = kit.auth(bytes, kit.secret());
        return new Variant("/webhooks/" + provider + auth.query(), bytes, auth.headers());
    }

    private static ObjectNode withOrderIdBody(String provider, String fixture, String orderId) {
        try {
            ObjectNode body = (ObjectNode) EventJson.mapper().readTree(Fixtures.bytes(provider, fixture));
            ProviderTestKits.of(provider).setOrderId(body, orderId);
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
