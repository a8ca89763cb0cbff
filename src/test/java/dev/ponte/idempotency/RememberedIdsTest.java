package dev.ponte.idempotency;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RememberedIdsTest {

    private static MemoryIdempotencyStore.CompactId id(long high, long low) {
        return new MemoryIdempotencyStore.CompactId(high, low);
    }

    @Test
    void anIdIsRememberedUntilItsRetentionEnds() {
        RememberedIds ids = new RememberedIds(10, 1_000);
        ids.put(id(1, 2), 5_000, 5_000);
        assertThat(ids.contains(id(1, 2), 5_999)).isTrue();
        assertThat(ids.contains(id(1, 3), 5_999)).isFalse();
        assertThat(ids.contains(id(1, 2), 6_000)).isFalse();
        assertThat(ids.size()).isZero();
    }

    @Test
    void theOldestIsForgottenFirstWhenTheBoundIsReached() {
        RememberedIds ids = new RememberedIds(3, 1_000_000);
        for (int i = 1; i <= 4; i++) {
            ids.put(id(i, i), i, i);
        }
        assertThat(ids.contains(id(1, 1), 10)).isFalse();
        assertThat(ids.contains(id(2, 2), 10)).isTrue();
        assertThat(ids.contains(id(4, 4), 10)).isTrue();
        assertThat(ids.size()).isEqualTo(3);
    }

    @Test
    void anIdRememberedAgainMovesToTheEnd() {
        RememberedIds ids = new RememberedIds(3, 1_000_000);
        ids.put(id(1, 1), 1, 1);
        ids.put(id(2, 2), 2, 2);
        ids.put(id(1, 1), 3, 3);
        ids.put(id(3, 3), 4, 4);
        ids.put(id(4, 4), 5, 5);
        // 1 was remembered again after 2: 2 goes first, then the dead slot of the first 1
        assertThat(ids.contains(id(2, 2), 6)).isFalse();
        assertThat(ids.contains(id(1, 1), 6)).isTrue();
        assertThat(ids.size()).isEqualTo(3);
    }

    @Test
    void idsOfAnotherFormAreKeptBesideWithTheSameBounds() {
        RememberedIds ids = new RememberedIds(2, 1_000);
        ids.put("order-1", 0, 0);
        ids.put("order-2", 1, 1);
        ids.put("order-3", 2, 2);
        assertThat(ids.contains("order-1", 3)).isFalse();
        assertThat(ids.contains("order-3", 3)).isTrue();
        assertThat(ids.contains("order-2", 1_001)).isFalse();
        assertThat(ids.contains("order-3", 1_001)).isTrue();
    }

    @Test
    void aBoundOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> new RememberedIds(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Against a plain map model, with colliding homes (few distinct high bits), expiry and eviction. */
    @Test
    void behavesLikeABoundedExpiringMapUnderRandomOperations() {
        Random random = new Random(42);
        int bound = 257;
        long retention = 5_000;
        RememberedIds ids = new RememberedIds(bound, retention);
        LinkedHashMap<MemoryIdempotencyStore.CompactId, Long> model = new LinkedHashMap<>();
        List<MemoryIdempotencyStore.CompactId> universe = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // low entropy on purpose: many ids share a home position of the index
            universe.add(id(random.nextInt(8), random.nextInt(400)));
        }
        long now = 0;
        for (int step = 0; step < 200_000; step++) {
            now += random.nextInt(3);
            MemoryIdempotencyStore.CompactId key = universe.get(random.nextInt(universe.size()));
            expire(model, now, retention);
            // as in the stores: an id is remembered only when it is not remembered (a claim of a live id is a duplicate)
            if (!model.containsKey(key) && random.nextInt(2) == 0) {
                ids.put(key, now, now);
                model.put(key, now);
                while (model.size() > bound) {
                    model.remove(model.keySet().iterator().next());
                }
            }
            assertThat(ids.contains(key, now)).as("step %d", step).isEqualTo(model.containsKey(key));
        }
        expire(model, now, retention);
        Map<MemoryIdempotencyStore.CompactId, Long> left = new HashMap<>(model);
        for (MemoryIdempotencyStore.CompactId key : universe) {
            assertThat(ids.contains(key, now)).isEqualTo(left.containsKey(key));
        }
    }

    private static void expire(LinkedHashMap<MemoryIdempotencyStore.CompactId, Long> model, long now, long retention) {
        model.values().removeIf(at -> at + retention <= now);
    }
}
