package dev.ponte.publish;

/** The spool cannot take an event (full or failing): the webhook gets 503. */
public class SpoolUnavailableException extends RuntimeException {
    public SpoolUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
