package dev.ponte.event;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimesTest {

    @ParameterizedTest
    @CsvSource({
            // Cakto: offset and microseconds
            "2024-08-22T11:39:57.113068-03:00, 2024-08-22T14:39:57Z",
            // Cakto pix.expirationDate: space instead of T, offset kept
            "2024-08-22 17:25:14.804059+00:00, 2024-08-22T17:25:14Z",
            // Arkama: no offset, Sao Paulo wall clock (UTC-3 since 2019)
            "2024-11-29 10:17:05, 2024-11-29T13:17:05Z",
            // AbacatePay / Wiapy: UTC with milliseconds
            "2024-12-06T18:56:15.538Z, 2024-12-06T18:56:15Z",
            "2025-04-25T16:13:17.284Z, 2025-04-25T16:13:17Z",
            "2024-06-26T04:02:16, 2024-06-26T07:02:16Z",
            "2024-06-26T04:02:16+0000, 2024-06-26T04:02:16Z"})
    void convertsToUtcWholeSeconds(String in, String out) {
        assertThat(Times.parse(TextNode.valueOf(in))).isEqualTo(Instant.parse(out));
    }

    @Test
    void brazilianSummerTimeIsRespectedForOldDates() {
        // Brazil observed DST (UTC-2) until February 2019: 2018-12-01 10:00 in Sao Paulo was 12:00 UTC
        assertThat(Times.parse(TextNode.valueOf("2018-12-01 10:00:00"))).isEqualTo(Instant.parse("2018-12-01T12:00:00Z"));
        // and standard time (UTC-3) in winter of the same year
        assertThat(Times.parse(TextNode.valueOf("2018-07-01 10:00:00"))).isEqualTo(Instant.parse("2018-07-01T13:00:00Z"));
        // the DST start gap (2018-11-04 00:00-01:00 did not exist) moves forward an hour, never fails
        assertThat(Times.parse(TextNode.valueOf("2018-11-04 00:30:00"))).isEqualTo(Instant.parse("2018-11-04T03:30:00Z"));
    }

    @Test
    void zoneIsConfigurable() {
        assertThat(Times.parse(TextNode.valueOf("2024-11-29 10:17:05"), ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2024-11-29T10:17:05Z"));
    }

    @Test
    void epochSecondsAndAbsentValues() throws Exception {
        assertThat(Times.parse(EventJson.mapper().readTree("1705319000"))).isEqualTo(Instant.ofEpochSecond(1705319000));
        assertThat(Times.parse(EventJson.mapper().readTree("null"))).isNull();
        assertThat(Times.parse(TextNode.valueOf(""))).isNull();
    }

    @Test
    void garbageIsANormalizationError() {
        assertThatThrownBy(() -> Times.parse(TextNode.valueOf("yesterday"))).isInstanceOf(NormalizationException.class);
        assertThatThrownBy(() -> Times.parse(TextNode.valueOf("2024-13-45 99:00:00"))).isInstanceOf(NormalizationException.class);
        assertThatThrownBy(() -> Times.parse(EventJson.mapper().readTree("{}"))).isInstanceOf(NormalizationException.class);
    }
}
