package dev.ponte.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.LeadTracking;
import dev.ponte.event.NormalizationException;
import dev.ponte.event.Order;
import dev.ponte.event.Times;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the normalizers share: the zone of timestamps sent without offset, and the readers every provider's
 * mapping repeats (times, PIX and boleto blocks, UTM fields, currency, counts). A provider's normalizer extends it
 * and keeps only its own mapping.
 */
public abstract class ProviderNormalizer implements Normalizer {

    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

    private final ZoneId zoneWhenNoOffset;

    protected ProviderNormalizer(ZoneId zoneWhenNoOffset) {
        this.zoneWhenNoOffset = Objects.requireNonNull(zoneWhenNoOffset);
    }

    /** A date-time at {@code path}, in the provider's zone when it carries no offset; null when absent. */
    protected final Instant time(JsonNode node, String... path) {
        return Times.parse(Fields.at(node, path), zoneWhenNoOffset);
    }

    /** A date-time sent as text, read as {@link #time} reads it. */
    protected final Instant time(String text) {
        return Times.parse(text, zoneWhenNoOffset);
    }

    /** A PIX block (null block, or one with neither field, is no PIX). */
    protected final Order.Pix pix(ObjectNode pix, String qrCodeField, String expiresAtField) {
        if (pix == null) {
            return null;
        }
        String qrCode = Fields.text(pix, qrCodeField);
        Instant expiresAt = time(pix, expiresAtField);
        return qrCode == null && expiresAt == null ? null : new Order.Pix(qrCode, expiresAt);
    }

    /** A boleto block (null block, or one with none of the fields, is no boleto). */
    protected final Order.Boleto boleto(ObjectNode boleto, String barcodeField, String urlField,
                                        String expiresAtField) {
        if (boleto == null) {
            return null;
        }
        String barcode = Fields.text(boleto, barcodeField);
        String url = Fields.text(boleto, urlField);
        Instant expiresAt = time(boleto, expiresAtField);
        return barcode == null && url == null && expiresAt == null ? null : new Order.Boleto(barcode, url, expiresAt);
    }

    /**
     * The five {@code utm_*} fields of {@code node} (snake_case, as every provider sends them); the caller adds its
     * provider's other fields and builds.
     */
    protected static LeadTracking.Builder utm(ObjectNode node) {
        return LeadTracking.builder()
                .utmSource(Fields.text(node, "utm_source"))
                .utmMedium(Fields.text(node, "utm_medium"))
                .utmCampaign(Fields.text(node, "utm_campaign"))
                .utmTerm(Fields.text(node, "utm_term"))
                .utmContent(Fields.text(node, "utm_content"));
    }

    /** An ISO 4217 code at {@code path}, upper case; null when absent (the event's default is BRL). */
    protected static String currency(JsonNode node, String... path) {
        String currency = Fields.text(node, path);
        if (currency == null) {
            return null;
        }
        String code = currency.trim().toUpperCase(Locale.ROOT);
        if (!CURRENCY_CODE.matcher(code).matches()) {
            throw new NormalizationException(String.join(".", path) + " is not an ISO 4217 code");
        }
        return code;
    }

    /** A count that cannot be negative (installments, quantity); {@code path} names it in the error. */
    protected static Integer nonNegative(Integer value, String path) {
        if (value != null && value < 0) {
            throw new NormalizationException(path + " is negative");
        }
        return value;
    }

    /** Version of the deterministic id from a status and a time as sent: null when both are, else "status|time". */
    protected static String statusAndTime(String status, String time) {
        return status == null && time == null ? null : nullToEmpty(status) + "|" + nullToEmpty(time);
    }

    protected static <T> T firstNonNull(T first, T second) {
        return first != null ? first : second;
    }

    protected static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    protected static String lowerCase(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
