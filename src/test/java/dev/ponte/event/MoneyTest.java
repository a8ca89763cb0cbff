package dev.ponte.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    private static JsonNode json(String text) throws Exception {
        return EventJson.mapper().readTree(text);
    }

    @ParameterizedTest
    @CsvSource({
            "'\"0.10\"', 10",
            "'\"1234.5\"', 123450",
            "'97.9', 9790",
            "'\"12.00\"', 1200",
            "'197.0', 19700",
            "'0.1', 10",
            "'5.55', 555",
            "'21.31', 2131",
            "'\"0\"', 0",
            "'100', 10000",
            "'\" 49.90 \"', 4990",
            "'\"-5.00\"', -500",
            "'1.005', 101",
            "'19999999.99', 1999999999"})
    void reaisBecomeExactCents(String json, long cents) throws Exception {
        assertThat(Money.reaisToCents(json(json))).isEqualTo(cents);
    }

    @Test
    void floatingPointTrapsAreExact() {
        // 0.1 + 0.2 style values: as a double 1.15 * 100 = 114.99999999999999
        assertThat(Money.reaisToCents(JsonNodeFactory.instance.numberNode(new BigDecimal("1.15")))).isEqualTo(115);
        assertThat(Money.reaisToCents(JsonNodeFactory.instance.numberNode(1.15d))).isEqualTo(115);
        assertThat(Money.reaisToCents(JsonNodeFactory.instance.numberNode(4.35d))).isEqualTo(435);
    }

    @Test
    void centsStayCents() throws Exception {
        assertThat(Money.cents(json("1770"))).isEqualTo(1770);
        assertThat(Money.cents(json("\"1770\""))).isEqualTo(1770);
        assertThat(Money.cents(json("1770.0"))).isEqualTo(1770);
        assertThatThrownBy(() -> Money.cents(json("17.5"))).isInstanceOf(NormalizationException.class);
    }

    @Test
    void absentIsNull() throws Exception {
        assertThat(Money.reaisToCents(null)).isNull();
        assertThat(Money.reaisToCents(NullNode.getInstance())).isNull();
        assertThat(Money.reaisToCents(json("\"\""))).isNull();
        assertThat(Money.cents(json("null"))).isNull();
    }

    @Test
    void nonNumbersAndAbsurdAmountsAreRejected() throws Exception {
        assertThatThrownBy(() -> Money.reaisToCents(json("\"12,00\""))).isInstanceOf(NormalizationException.class);
        assertThatThrownBy(() -> Money.reaisToCents(json("\"abc\""))).isInstanceOf(NormalizationException.class);
        assertThatThrownBy(() -> Money.reaisToCents(json("{}"))).isInstanceOf(NormalizationException.class);
        assertThatThrownBy(() -> Money.reaisToCents(json("true"))).isInstanceOf(NormalizationException.class);
        assertThatThrownBy(() -> Money.reaisToCents(json("1e300"))).isInstanceOf(NormalizationException.class);
    }
}
