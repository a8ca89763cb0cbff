package dev.ponte.support;

import dev.ponte.provider.ProviderRegistry;
import dev.ponte.provider.ProviderSettings;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link ProviderTestKit} of every provider the registry knows, in the registry's order. */
public final class ProviderTestKits {

    private static final Map<String, ProviderTestKit> KITS = load();

    private ProviderTestKits() {
    }

    /** The registered providers' names. */
    public static List<String> names() {
        return List.copyOf(KITS.keySet());
    }

    public static ProviderTestKit of(String provider) {
        ProviderTestKit kit = KITS.get(provider);
        if (kit == null) {
            throw new IllegalArgumentException("no registered provider " + provider + "; known: " + KITS.keySet());
        }
        return kit;
    }

    private static Map<String, ProviderTestKit> load() {
        Map<String, ProviderTestKit> kits = new LinkedHashMap<>();
        for (ProviderRegistry.Factory factory : ProviderRegistry.factories()) {
            String providerClass = factory.create().apply(ProviderSettings.defaults()).getClass().getName();
            String kitClass = providerClass.replaceFirst("Provider$", "") + "TestKit";
            try {
                kits.put(factory.name(), (ProviderTestKit) Class.forName(kitClass).getConstructor().newInstance());
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                throw new IllegalStateException("provider " + factory.name() + " has no test kit: declare public "
                        + kitClass + " implementing " + ProviderTestKit.class.getName(), e);
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot create " + kitClass, e);
            }
        }
        return kits;
    }
}
