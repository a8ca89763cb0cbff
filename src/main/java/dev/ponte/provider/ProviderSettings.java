package dev.ponte.provider;

import java.time.ZoneId;
import java.util.List;

/**
 * {@code ponte.providers.<name>.*}: the accepted secrets, whether a signature header is mandatory where the
 * provider signs, and the zone of timestamps sent without offset.
 */
public record ProviderSettings(List<String> secrets, Boolean requireSignature, ZoneId timeZone) {

    public ProviderSettings {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        requireSignature = requireSignature == null ? Boolean.TRUE : requireSignature;
        timeZone = timeZone == null ? ZoneId.of("America/Sao_Paulo") : timeZone;
    }

    public static ProviderSettings defaults() {
        return new ProviderSettings(null, null, null);
    }

    public Credentials credentials() {
        return new Credentials(secrets);
    }

    @Override
    public String toString() {
        return "ProviderSettings[secrets=" + secrets.size() + ", requireSignature=" + requireSignature
                + ", timeZone=" + timeZone + "]";
    }
}
