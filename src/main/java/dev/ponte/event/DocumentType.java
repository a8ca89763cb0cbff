package dev.ponte.event;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum DocumentType {
    CPF, CNPJ;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
