package dev.ponte.support;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What the shared tests need to know about one provider, declared next to its tests: for provider
 * {@code dev.ponte.provider.x.XProvider}, the class {@code dev.ponte.provider.x.XTestKit} (public, no-argument
 * constructor), found by {@link ProviderTestKits} from the registry's providers.
 */
public interface ProviderTestKit {

    /**
     * The credential the test application configures for this provider (with {@link PonteIntegrationTest#ROTATED_SECRET}
     * beside it); a provider that reads it from the body finds it in its fixtures.
     */
    String secret();

    /**
     * How the provider would deliver these exact bytes with this credential: the query string ("" or "?…") and
     * headers. A provider that reads the credential
     * from the body returns no query and no headers: the bytes decide.
     */
    ProviderAuth.Auth auth(byte[] body, String credential);

    /** Sets the fields that give the event its object id, so that the body becomes a new event. */
    void setOrderId(ObjectNode body, String orderId);

    /** The fixture the shared tests start from: a mapped event with an order. */
    String sampleFixture();

    /** Where the body names its event; the fuzz test leaves these alone most of the time. */
    default List<HostileJson.Path> eventPaths() {
        return List.of(new HostileJson.Path(List.of("event")));
    }

    /** Documented event names that no fixture carries, so that the fuzz test reaches their code paths too. */
    default List<String> moreEvents() {
        return List.of();
    }
}
