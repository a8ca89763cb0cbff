package dev.ponte.idempotency;


import java.time.Duration;

/**
 * Event ids of one Ponte instance in memory ({@link RememberedIds}: expiry after the retention, bounded size, oldest
 * out first). Several instances need the shared JDBC store.
 */
public class MemoryIdempotencyStore extends LocalIdempotencyStore {

    private final RememberedIds published;

    public MemoryIdempotencyStore(Duration retention, long maxEntries) {
        this.published = new RememberedIds(maxEntries, retention.toMillis());
    }

    /**
     * The 128 bits of an {@code evt_<32 hex>} id as two longs: a third of the memory of the string, so the default
     * 300,000 ids fit comfortably in a small heap. Other ids are kept as they are.
     */
    record CompactId(long high, long low) {
        static Object of(String eventId) {
            if (eventId.length() == 36 && eventId.startsWith("evt_")) {
                try {
                    return new CompactId(Long.parseUnsignedLong(eventId, 4, 20, 16),
                            Long.parseUnsignedLong(eventId, 20, 36, 16));
                } catch (NumberFormatException e) {
                    return eventId;
                }
            }
            return eventId;
        }
    }

    @Override
    protected Object key(String eventId) {
        return CompactId.of(eventId);
    }

    @Override
    protected boolean published(Object key) {
        return published.contains(key, System.currentTimeMillis());
    }

    @Override
    protected void remember(Object key) {
        long now = System.currentTimeMillis();
        published.put(key, now, now);
    }

    public long size() {
        return published.size();
    }

}
