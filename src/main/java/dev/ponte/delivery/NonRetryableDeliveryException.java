package dev.ponte.delivery;

/** A delivery that cannot succeed by trying again (a refused target, no recipient): straight to the DLQ. */
public class NonRetryableDeliveryException extends RuntimeException {
    public NonRetryableDeliveryException(String message) {
        super(message, null, false, false);
    }
}
