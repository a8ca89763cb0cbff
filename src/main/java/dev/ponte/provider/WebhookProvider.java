package dev.ponte.provider;

/**
 * One checkout platform: how its webhooks are authenticated and how they become unified events. A new provider
 * is a new package with an implementation of this interface plus one line in {@link ProviderRegistry}.
 */
public interface WebhookProvider {

    /** Path segment of {@code POST /webhooks/{provider}}, and the event's {@code provider}. */
    String name();

    Authenticator authenticator();

    Normalizer normalizer();
}
