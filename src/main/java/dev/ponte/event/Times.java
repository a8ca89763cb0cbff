package dev.ponte.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Time rules of the unified event: an offset in the value is respected; a value without one is wall-clock time
 * in the provider's zone (America/Sao_Paulo unless configured); output is UTC truncated to whole seconds.
 */
public final class Times {

    public static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    // ISO-8601 with 'T' or a space between date and time, optional fraction of any length, optional offset:
    // Cakto sends "2024-08-22T11:39:57.113068-03:00" and, for pix.expirationDate, "2024-08-22 17:25:14.804059+00:00".
    private static final DateTimeFormatter FLEXIBLE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    // the unified event writes four-digit years (unified-event.schema.json): "+10000-01-01T00:00:00Z" is no date-time
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private Times() {
    }

    private static Instant inRange(Instant instant) {
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw new NormalizationException("date-time out of range");
        }
        return instant;
    }

    public static Instant parse(JsonNode value) {
        return parse(value, SAO_PAULO);
    }

    /**
     * @param zoneWhenNoOffset zone of a value that carries no offset
     * @return the instant in whole seconds, or null for null/missing/blank
     * @throws NormalizationException when the value is not a date-time
     */
    public static Instant parse(JsonNode value, ZoneId zoneWhenNoOffset) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new NormalizationException("date-time out of range");
            }
            try {
                return inRange(Instant.ofEpochSecond(value.longValue()));
            } catch (java.time.DateTimeException e) {
                throw new NormalizationException("date-time out of range");
            }
        }
        if (!value.isTextual()) {
            throw new NormalizationException("date-time is not a string: " + value.getNodeType());
        }
        return parse(value.textValue(), zoneWhenNoOffset);
    }

    public static Instant parse(String text, ZoneId zoneWhenNoOffset) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        try {
            if (trimmed.length() == 10) {
                return inRange(LocalDate.parse(trimmed).atStartOfDay(zoneWhenNoOffset).toInstant());
            }
            var parsed = FLEXIBLE.parse(trimmed);
            Instant instant = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? OffsetDateTime.from(parsed).toInstant()
                    : LocalDateTime.from(parsed).atZone(zoneWhenNoOffset).toInstant();
            return inRange(instant.truncatedTo(ChronoUnit.SECONDS));
        } catch (java.time.DateTimeException e) {
            throw new NormalizationException("not a date-time");
        }
    }
}
