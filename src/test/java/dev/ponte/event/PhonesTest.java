package dev.ponte.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhonesTest {

    @ParameterizedTest
    @CsvSource({
            // raw, e164, type, area code
            "5511987654321, +5511987654321, mobile, 11",
            "11987654321, +5511987654321, mobile, 11",
            "+55 11 98765-4321, +5511987654321, mobile, 11",
            "(11) 99999-9999, +5511999999999, mobile, 11",
            "34999999999, +5534999999999, mobile, 34",
            "5534991462388, +5534991462388, mobile, 34",
            // landlines, with and without country code
            "1133334444, +551133334444, fixed, 11",
            "(21) 2555-1234, +552125551234, fixed, 21",
            "552125551234, +552125551234, fixed, 21",
            "+55 (31) 3222-1000, +553132221000, fixed, 31"})
    void brazilianNumbersBecomeE164(String raw, String e164, String type, String area) {
        Phone phone = Phones.parse(raw);
        assertThat(phone.formattedPhone()).isEqualTo(e164);
        assertThat(phone.type()).isEqualTo(type);
        assertThat(phone.areaCode()).isEqualTo(area);
        assertThat(phone.internationalDialingCode()).isEqualTo("55");
        assertThat(phone.rawNumber()).isEqualTo(raw);
    }

    @Test
    void foreignNumberWithPlusKeepsItsCountry() {
        Phone phone = Phones.parse("+351 912 345 678");
        assertThat(phone.formattedPhone()).isEqualTo("+351912345678");
        assertThat(phone.internationalDialingCode()).isEqualTo("351");
        assertThat(phone.type()).isEqualTo("mobile");
    }

    @Test
    void junkKeepsTheRawNumberOnly() {
        Phone phone = Phones.parse("222222222");
        assertThat(phone.rawNumber()).isEqualTo("222222222");
        assertThat(phone.areaCode()).isNull();
        assertThat(phone.internationalDialingCode()).isNull();
        assertThat(phone.type()).isNull();
        Phone letters = Phones.parse("not a phone");
        assertThat(letters.formattedPhone()).isNull();
        assertThat(letters.rawNumber()).isEqualTo("not a phone");
    }

    @Test
    void absentIsNull() {
        assertThat(Phones.parse(null)).isNull();
        assertThat(Phones.parse("  ")).isNull();
    }
}
