package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryScheduleTest {

    private static PonteProperties.Delivery delivery(int attempts, Duration initial, double multiplier, Duration max,
                                                     double jitter) {
        return new PonteProperties.Delivery(attempts, initial, multiplier, max, jitter, "classic", "dlx", "p.", null);
    }

    /** The defaults: 15 s × 3^n, capped at 10 min, ±15 %. */
    private final RetrySchedule defaults = new RetrySchedule(delivery(5, Duration.ofSeconds(15), 3.0,
            Duration.ofMinutes(10), 0.15));

    @Test
    void oneTierPerBackoffStepWithRoomForItsJitterPlusOneOfMaxDelay() {
        assertThat(defaults.tiers()).containsExactly(17_250L, 51_750L, 155_250L, 465_750L, 600_000L);
        assertThat(defaults.retryQueues("ponte.http-forward")).first().isEqualTo("ponte.http-forward.retry.17250ms");
        assertThat(RetrySchedule.ttlOf("ponte.http-forward.retry.17250ms")).isEqualTo(17_250L);
        assertThat(RetrySchedule.destinationOf("ponte.http-forward.retry.17250ms")).isEqualTo("ponte.http-forward");
        assertThat(RetrySchedule.ttlOf("ponte.http-forward")).isEqualTo(-1);
        assertThat(RetrySchedule.ttlOf("ponte.http-forward.dlq")).isEqualTo(-1);
    }

    @Test
    void waitsGrowByTheMultiplierWithinTheJitterUpToMaxDelay() {
        assertThat(defaults.waitAfter(1, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.waitAfter(2, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(45));
        assertThat(defaults.waitAfter(1, null, () -> 0.0)).isEqualTo(Duration.ofMillis(12_750));
        assertThat(defaults.waitAfter(1, null, () -> 0.999999)).isLessThanOrEqualTo(Duration.ofMillis(17_250));
        assertThat(defaults.waitAfter(4, null, () -> 0.999999)).isLessThanOrEqualTo(Duration.ofMillis(465_750));
        assertThat(defaults.waitAfter(9, null, () -> 0.5)).isEqualTo(Duration.ofMinutes(10));
        for (int failed = 1; failed < 5; failed++) {
            for (double r : new double[]{0.0, 0.3, 0.999999}) {
                Duration wait = defaults.waitAfter(failed, null, () -> r);
                assertThat(defaults.tierFor(wait)).isGreaterThanOrEqualTo(wait.toMillis())
                        .isEqualTo(defaults.tiers().get(failed - 1));
            }
        }
    }

    @Test
    void retryAfterLongerThanTheBackoffIsHonouredUpToMaxDelay() {
        assertThat(defaults.waitAfter(1, Duration.ofSeconds(120), () -> 0.5)).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.tierFor(Duration.ofSeconds(120))).isEqualTo(155_250L);
        assertThat(defaults.waitAfter(1, Duration.ofHours(2), () -> 0.5)).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.tierFor(Duration.ofMinutes(10))).isEqualTo(600_000L);
        // a shorter Retry-After does not shorten the backoff
        assertThat(defaults.waitAfter(2, Duration.ofSeconds(1), () -> 0.5)).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void oneAttemptHasNoRetryQueue() {
        assertThat(new RetrySchedule(delivery(1, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 0.1)).tiers())
                .isEmpty();
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> delivery(3, Duration.ZERO, 2.0, Duration.ofSeconds(5), 0.1))
                .hasMessageContaining("initial-delay");
        assertThatThrownBy(() -> delivery(3, Duration.ofSeconds(10), 2.0, Duration.ofSeconds(5), 0.1))
                .hasMessageContaining("max-delay");
        assertThatThrownBy(() -> delivery(3, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(5), 0.1))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> delivery(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 1.0))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> new PonteProperties.CircuitBreaker(0, Duration.ofSeconds(1), 1))
                .hasMessageContaining("failure-threshold");
    }
}
