package dev.ponte.publish;

/** The broker did not confirm the event (down, nack, return, or no confirm within the timeout). */
public class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
