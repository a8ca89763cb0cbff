package dev.ponte.provider;

import dev.ponte.event.PaymentMethod;

import java.util.Locale;
import java.util.Map;

/**
 * A provider's payment method names, declared as a table: a name in the table maps to its method, any other name
 * to {@link PaymentMethod#OTHER}, and no name to null.
 */
public final class PaymentMethods {

    /** How a name sent by the provider is read before the look-up (the keys are written in that form). */
    public enum Reading { AS_SENT, LOWER_CASE, UPPER_CASE, TRIMMED_UPPER_CASE }

    private final Reading reading;
    private final Map<String, PaymentMethod> byName;

    private PaymentMethods(Reading reading, Map<String, PaymentMethod> byName) {
        this.reading = reading;
        this.byName = Map.copyOf(byName);
    }

    public static PaymentMethods of(Reading reading, Map<String, PaymentMethod> byName) {
        return new PaymentMethods(reading, byName);
    }

    public PaymentMethod of(String name) {
        if (name == null) {
            return null;
        }
        String key = switch (reading) {
            case AS_SENT -> name;
            case LOWER_CASE -> name.toLowerCase(Locale.ROOT);
            case UPPER_CASE -> name.toUpperCase(Locale.ROOT);
            case TRIMMED_UPPER_CASE -> name.trim().toUpperCase(Locale.ROOT);
        };
        return byName.getOrDefault(key, PaymentMethod.OTHER);
    }
}
