package dev.ponte.provider;

/**
 * The usual shape of a provider: a name, its authenticator and its normalizer. A provider package extends it
 * with a constructor that builds both from its {@link ProviderSettings}.
 */
public abstract class ProviderDefinition implements WebhookProvider {

    private final String name;
    private final Authenticator authenticator;
    private final Normalizer normalizer;

    protected ProviderDefinition(String name, Authenticator authenticator, Normalizer normalizer) {
        this.name = name;
        this.authenticator = authenticator;
        this.normalizer = normalizer;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Authenticator authenticator() {
        return authenticator;
    }

    @Override
    public final Normalizer normalizer() {
        return normalizer;
    }
}
