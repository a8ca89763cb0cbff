package dev.ponte.event;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum OrderStatus {
    PAID, WAITING_PAYMENT, REFUNDED, DISPUTED, FAILED, CANCELED, ABANDONED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
