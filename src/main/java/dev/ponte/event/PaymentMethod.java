package dev.ponte.event;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum PaymentMethod {
    PIX, BOLETO, CREDIT_CARD, OTHER;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
