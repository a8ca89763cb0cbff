package dev.ponte.delivery;

/**
 * Told of every delivery try once its outcome is known. Called on the delivery thread: an implementation returns
 * at once (queue the work) and never throws.
 */
@FunctionalInterface
public interface DeliveryAttemptListener {

    void onAttempt(DeliveryAttempt attempt);
}
