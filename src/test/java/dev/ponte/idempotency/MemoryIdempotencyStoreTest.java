package dev.ponte.idempotency;

import dev.ponte.publish.BrokerUnavailableException;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryIdempotencyStoreTest {

    private final MemoryIdempotencyStore store = new MemoryIdempotencyStore(Duration.ofHours(24), 1000);

    @Test
    void anIdIsADuplicateOnlyAfterItsConfirm() {
        String id = "evt_0123456789abcdef0123456789abcdef";
        IdempotencyStore.Claim first = store.claim(id, Duration.ofMillis(10));
        assertThat(first.duplicate()).isFalse();
        first.release();
        IdempotencyStore.Claim retry = store.claim(id, Duration.ofMillis(10));
        assertThat(retry.duplicate()).as("a failed publish can be retried").isFalse();
        retry.confirm();
        assertThat(store.claim(id, Duration.ofMillis(10)).duplicate()).isTrue();
        assertThat(store.claim("evt_0123456789abcdef0123456789abcdee", Duration.ofMillis(10)).duplicate()).isFalse();
        assertThat(store.claim("not-a-ponte-id", Duration.ofMillis(10)).duplicate()).isFalse();
    }

    @Test
    void aConcurrentDuplicateWaitsForTheOneInFlight() throws Exception {
        String id = "evt_ffffffffffffffff0000000000000000";
        IdempotencyStore.Claim owner = store.claim(id, Duration.ofSeconds(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> waiters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                waiters.add(pool.submit(() -> store.claim(id, Duration.ofSeconds(5)).duplicate()));
            }
            Thread.sleep(100);
            owner.confirm();
            for (Future<Boolean> waiter : waiters) {
                assertThat(waiter.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        String stuck = "evt_11111111111111111111111111111111";
        store.claim(stuck, Duration.ofSeconds(1));
        assertThatThrownBy(() -> store.claim(stuck, Duration.ofMillis(50))).isInstanceOf(BrokerUnavailableException.class);
    }

    @Test
    void idsAreStoredCompactly() {
        assertThat(MemoryIdempotencyStore.CompactId.of("evt_0123456789abcdef0123456789abcdef"))
                .isEqualTo(new MemoryIdempotencyStore.CompactId(0x0123456789abcdefL, 0x0123456789abcdefL));
        assertThat(MemoryIdempotencyStore.CompactId.of("evt_zz23456789abcdef0123456789abcdef"))
                .isEqualTo("evt_zz23456789abcdef0123456789abcdef");
    }
}
