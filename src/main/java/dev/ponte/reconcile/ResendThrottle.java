package dev.ponte.reconcile;

/** Spaces the resends of every account so that at most {@code resendsPerSecond} go out per second. */
public class ResendThrottle {

    private final long gapNanos;
    private long next = Long.MIN_VALUE;

    public ResendThrottle(double resendsPerSecond) {
        this.gapNanos = (long) (1_000_000_000L / resendsPerSecond);
    }

    /** Waits until the next resend may go. */
    public synchronized void acquire() {
        long now = System.nanoTime();
        if (next != Long.MIN_VALUE && now < next) {
            try {
                Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to resend", e);
            }
            now = System.nanoTime();
        }
        next = now + gapNanos;
    }
}
