package dev.ponte.provider;

import dev.ponte.event.PaymentMethod;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A provider's payment method names, declared as a table: a name in the table maps to its method, any other name
 * to {@link PaymentMethod#OTHER}, and no name to null.
 */
public final class PaymentMethods {

    /** How a name sent by the provider is read before the look-up (the keys are written in that form). */
    public enum Reading {
        AS_SENT(UnaryOperator.identity()),
        LOWER_CASE(name -> name.toLowerCase(Locale.ROOT)),
        UPPER_CASE(name -> name.toUpperCase(Locale.ROOT)),
        TRIMMED_UPPER_CASE(name -> name.trim().toUpperCase(Locale.ROOT));

        private final UnaryOperator<String> key;

        Reading(UnaryOperator<String> key) {
            this.key = key;
        }
    }

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
        return name == null ? null : byName.getOrDefault(reading.key.apply(name), PaymentMethod.OTHER);
    }
}
