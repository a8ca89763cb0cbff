package dev.ponte.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money rules of the unified event: reais (string or JSON number) become integer cents by exact decimal
 * arithmetic, never through a double; cents stay cents.
 */
public final class Money {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Longest amount accepted as a string: the parser's limit for JSON numbers (EventJson). */
    private static final int MAX_TEXT_LENGTH = 64;
    /** Digits after the point (or, negative, zeros before it) an amount may have. */
    private static final int MAX_SCALE = 64;

    private Money() {
    }

    /**
     * Reais to cents: {@code "0.10"} → 10, {@code "1234.5"} → 123450, {@code 97.9} → 9790. A JSON number is
     * read from its decimal text (Jackson keeps it exact when {@code USE_BIG_DECIMAL_FOR_FLOATS} is on, and a
     * double's shortest repr otherwise, which is the literal as sent). Fractions of a cent are rounded half-up.
     *
     * @return null for null/missing/blank
     * @throws NormalizationException when the value is not a decimal amount
     */
    public static Long reaisToCents(JsonNode value) {
        BigDecimal reais = decimal(value);
        return reais == null ? null : reais.multiply(HUNDRED).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Integer cents as sent (JSON integer, or a string of digits). */
    public static Long cents(JsonNode value) {
        BigDecimal cents = decimal(value);
        if (cents == null) {
            return null;
        }
        if (cents.stripTrailingZeros().scale() > 0) {
            throw new NormalizationException("amount in cents has a fraction: " + cents.toPlainString());
        }
        return cents.longValueExact();
    }

    private static BigDecimal decimal(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        String text;
        if (value.isNumber()) {
            // toString, not toPlainString: 1e999999999 written out is a billion digits
            text = value.isBigDecimal() ? value.decimalValue().toString() : value.asText();
        } else if (value.isTextual()) {
            text = value.textValue().trim();
            if (text.isEmpty()) {
                return null;
            }
            if (text.length() > MAX_TEXT_LENGTH) {
                throw new NormalizationException("amount is not a decimal number");
            }
        } else {
            throw new NormalizationException("amount is not a number: " + value.getNodeType());
        }
        try {
            BigDecimal amount = new BigDecimal(text);
            // a huge exponent would make the rounding to cents compute a power of ten with as many digits
            if (amount.abs().compareTo(BigDecimal.valueOf(1_000_000_000_000L)) > 0
                    || Math.abs((long) amount.scale()) > MAX_SCALE) {
                throw new NormalizationException("amount out of range");
            }
            return amount;
        } catch (NumberFormatException e) {
            throw new NormalizationException("amount is not a decimal number");
        }
    }
}
