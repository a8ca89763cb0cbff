package dev.ponte.provider;

import dev.ponte.provider.abacatepay.AbacatePayProvider;
import dev.ponte.provider.arkama.ArkamaProvider;
import dev.ponte.provider.cakto.CaktoProvider;
import dev.ponte.provider.wiapy.WiapyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The providers Ponte accepts webhooks from, by path name. Adding a provider: one line in {@link #FACTORIES}. */
public final class ProviderRegistry {

    private static final Logger log = LoggerFactory.getLogger(ProviderRegistry.class);

    /** Each factory receives the settings of its own provider name. */
    public record Factory(String name, Function<ProviderSettings, WebhookProvider> create) {
    }

    static final List<Factory> FACTORIES = List.of(
            new Factory(CaktoProvider.NAME, CaktoProvider::new),
            new Factory(ArkamaProvider.NAME, ArkamaProvider::new),
            new Factory(AbacatePayProvider.NAME, AbacatePayProvider::new),
            new Factory(WiapyProvider.NAME, WiapyProvider::new));

    private final Map<String, WebhookProvider> providers = new LinkedHashMap<>();

    public ProviderRegistry(Map<String, ProviderSettings> settings) {
        for (Factory factory : FACTORIES) {
            ProviderSettings own = settings.getOrDefault(factory.name(), ProviderSettings.defaults());
            WebhookProvider provider = factory.create().apply(own);
            if (!provider.name().equals(factory.name())) {
                throw new IllegalStateException("provider " + provider.name() + " registered as " + factory.name());
            }
            providers.put(provider.name(), provider);
            if (!provider.authenticator().isConfigured()) {
                log.warn("No secret configured for provider '{}' (ponte.providers.{}.secrets): its webhooks "
                        + "are refused with 401", provider.name(), provider.name());
            }
        }
        settings.keySet().stream().filter(name -> !providers.containsKey(name)).forEach(name ->
                log.warn("ponte.providers.{} configures a provider Ponte does not know; known: {}", name,
                        providers.keySet()));
    }

    /** The registered factories, in order: what tests derive their per-provider cases from. */
    public static List<Factory> factories() {
        return FACTORIES;
    }

    public Optional<WebhookProvider> find(String name) {
        return Optional.ofNullable(name == null ? null : providers.get(name));
    }

    public Set<String> names() {
        return providers.keySet();
    }
}
