package dev.ponte.idempotency;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids remembered as published, each with the time it was confirmed, bounded in number and forgotten after the
 * retention, oldest first. Kept in a few primitive arrays instead of a cache of objects: hundreds of thousands of ids
 * live for days, and as objects they filled the old generation, whose full collections then stalled every request
 * thread (docs/BENCHMARKS.md). Here they are three arrays the collector does not trace.
 *
 * <p>Ids of the form {@code evt_<32 hex>} (all of Ponte's) are stored as their 128 bits in a ring in the order they
 * were remembered, with an open-addressing index (linear probing) over it; any other id goes to a small map beside it
 * with the same bounds. Thread-safe (one lock: each call is a few array reads).
 */
final class RememberedIds {

    private static final int EMPTY = 0;

    private final long retentionMillis;
    private final int capacity;
    private final long[] high;
    private final long[] low;
    /** Confirm time of each ring slot; {@link Long#MIN_VALUE} once the slot's id was forgotten or remembered again. */
    private final long[] at;
    /** Ring slot + 1 of each indexed id, or {@link #EMPTY}. */
    private final int[] index;
    private final int mask;
    private final Map<String, Long> others;
    private int head;
    private int count;
    private int live;

    RememberedIds(long maxEntries, long retentionMillis) {
        if (maxEntries < 1 || maxEntries > (1 << 29)) {
            throw new IllegalArgumentException("remembered ids must be between 1 and " + (1 << 29) + ": " + maxEntries);
        }
        this.retentionMillis = retentionMillis;
        this.capacity = (int) maxEntries;
        this.high = new long[capacity];
        this.low = new long[capacity];
        this.at = new long[capacity];
        // at most half full: short probe sequences
        int tableSize = Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1;
        this.index = new int[tableSize];
        this.mask = tableSize - 1;
        this.others = new LinkedHashMap<>();
    }

    /** True when the id was remembered less than the retention before {@code now}. */
    synchronized boolean contains(Object key, long now) {
        expire(now);
        if (key instanceof MemoryIdempotencyStore.CompactId id) {
            int position = find(id.high(), id.low());
            return position >= 0 && fresh(at[index[position] - 1], now);
        }
        Long confirmedAt = others.get((String) key);
        return confirmedAt != null && fresh(confirmedAt, now);
    }

    /**
     * Remembers an id as confirmed at {@code confirmedAt}; the oldest id is forgotten when the bound is reached. Ids
     * must come in the order of their confirm times (as confirms do, and as the file is loaded) for the oldest to go
     * first.
     */
    synchronized void put(Object key, long confirmedAt, long now) {
        expire(now);
        if (!(key instanceof MemoryIdempotencyStore.CompactId id)) {
            String text = (String) key;
            others.remove(text);
            others.put(text, confirmedAt);
            while (others.size() > capacity) {
                Iterator<Map.Entry<String, Long>> oldest = others.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
            return;
        }
        int existing = find(id.high(), id.low());
        if (existing >= 0) {
            // remembered again: the old slot is dead, the id moves to the end of the ring
            int slot = index[existing] - 1;
            removeIndex(existing);
            at[slot] = Long.MIN_VALUE;
            live--;
        }
        if (count == capacity) {
            forgetOldest();
        }
        int slot = (head + count) % capacity;
        high[slot] = id.high();
        low[slot] = id.low();
        at[slot] = confirmedAt;
        count++;
        live++;
        int position = home(id.high(), id.low());
        while (index[position] != EMPTY) {
            position = (position + 1) & mask;
        }
        index[position] = slot + 1;
    }

    /** Ids remembered and not yet forgotten (expired ones count until they are reached). */
    synchronized long size() {
        return live + others.size();
    }

    private boolean fresh(long confirmedAt, long now) {
        return confirmedAt != Long.MIN_VALUE && confirmedAt + retentionMillis > now;
    }

    /** Forgets, from the oldest on, the ids past their retention. */
    private void expire(long now) {
        while (count > 0 && !fresh(at[head], now)) {
            forgetOldest();
        }
        // in the order remembered: the expired ones are at the front
        for (Iterator<Long> times = others.values().iterator(); times.hasNext(); ) {
            if (fresh(times.next(), now)) {
                break;
            }
            times.remove();
        }
    }

    private void forgetOldest() {
        int slot = head;
        if (at[slot] != Long.MIN_VALUE) {
            int position = find(high[slot], low[slot]);
            if (position >= 0 && index[position] - 1 == slot) {
                removeIndex(position);
            }
            at[slot] = Long.MIN_VALUE;
            live--;
        }
        head = (head + 1) % capacity;
        count--;
    }

    private int home(long h, long l) {
        long mixed = (h ^ l) * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 32) & mask;
    }

    /** The index position of an id, or -1. */
    private int find(long h, long l) {
        int position = home(h, l);
        while (index[position] != EMPTY) {
            int slot = index[position] - 1;
            if (high[slot] == h && low[slot] == l && at[slot] != Long.MIN_VALUE) {
                return position;
            }
            position = (position + 1) & mask;
        }
        return -1;
    }

    /** Removes one position of the index, shifting back the entries of its probe sequence (no tombstones). */
    private void removeIndex(int position) {
        int hole = position;
        index[hole] = EMPTY;
        int next = (hole + 1) & mask;
        while (index[next] != EMPTY) {
            int slot = index[next] - 1;
            int home = home(high[slot], low[slot]);
            // the entry at next may fill the hole unless its home lies cyclically in (hole, next]
            boolean homeBetween = hole <= next ? home > hole && home <= next : home > hole || home <= next;
            if (!homeBetween) {
                index[hole] = index[next];
                index[next] = EMPTY;
                hole = next;
            }
            next = (next + 1) & mask;
        }
    }
}
