package dev.ponte.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import dev.ponte.event.Money;
import dev.ponte.event.NormalizationException;
import dev.ponte.event.Phones;
import dev.ponte.event.Times;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Values found by the wrong-type sweep and the fuzz test that broke the shared readers: each is refused as a
 * {@link NormalizationException} (the event is parked), quickly, instead of an exception the ingress does not
 * expect, minutes of CPU, or an accepted event the schema rejects.
 */
class ExtremeValuesTest {

    private static final Duration QUICKLY = Duration.ofSeconds(5);

    private static JsonNode json(String text) {
        try {
            return EventJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void refusedQuickly(Executable read) {
        assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(read::execute)
                .isInstanceOf(NormalizationException.class));
    }

    /** Written out, each has a billion digits; rounding to cents would compute a power of ten that size. */
    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "-1e999999999", "1e-999999999", "0e999999999", "0e-999999999",
            "\"1e-999999999\"", "\"1e999999999\"", "\"1e-99999999\""})
    void amountsWithHugeExponentsAreOutOfRange(String amount) {
        refusedQuickly(() -> Money.reaisToCents(json(amount)));
        refusedQuickly(() -> Money.cents(json(amount)));
    }

    @Test
    void amountStringsLongerThanTheParsersNumberLimitAreRefused() {
        refusedQuickly(() -> Money.reaisToCents(JsonNodeFactory.instance.textNode("1" + "0".repeat(100_000))));
        refusedQuickly(() -> Money.reaisToCents(JsonNodeFactory.instance.textNode("0." + "0".repeat(100_000) + "1")));
        assertThat(Money.reaisToCents(json("\"0." + "0".repeat(60) + "\""))).isZero();
    }

    @Test
    void aNumberWithAHugeExponentIsNoText() {
        ObjectNode body = (ObjectNode) json("{\"id\": 1e999999999, \"small\": 1e3, \"tiny\": 1e-3}");
        refusedQuickly(() -> Fields.text(body, "id"));
        assertThat(Fields.text(body, "small")).isEqualTo("1000");
        assertThat(Fields.text(body, "tiny")).isEqualTo("0.001");
    }

    /** The unified event writes yyyy-MM-ddTHH:mm:ssZ: a five-digit or negative UTC year cannot be written. */
    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "-9223372036854775808", "31556889864403200",
            "9999999999999999999999999999999999999999999999999999999999999999", "253402300800", "-62167219201",
            "\"9999-12-31T23:59:59-03:00\"", "\"0000-01-01T00:00:00+01:00\"", "\"+10000-01-01T00:00:00Z\""})
    void dateTimesOutsideFourDigitYearsAreRefused(String value) {
        refusedQuickly(() -> Times.parse(json(value)));
    }

    @Test
    void fourDigitYearsAtTheEdgesAreKept() {
        assertThat(Times.parse(json("253402300799"))).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(Times.parse(json("\"0000-01-01T00:00:00Z\""))).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    }

    /** libphonenumber formats an invalid "12" as +5512: no E.164 number, so the schema's formatted_phone is null. */
    @ParameterizedTest
    @ValueSource(strings = {"12", "+5512", "1", "123456", "551234567890123456", "+55 11 98765-4321"})
    void formattedPhonesAreE164OrNull(String raw) {
        var phone = Phones.parse(raw);
        assertThat(phone.rawNumber()).isEqualTo(raw);
        if (phone.formattedPhone() != null) {
            assertThat(phone.formattedPhone()).matches("\\+[1-9][0-9]{6,14}");
        }
    }

    @Test
    void aTwoDigitPhoneKeepsOnlyItsRawForm() {
        assertThat(Phones.parse("12").formattedPhone()).isNull();
        assertThat(Phones.parse("+55 11 98765-4321").formattedPhone()).isEqualTo("+5511987654321");
    }
}
