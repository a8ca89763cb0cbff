package dev.ponte.idempotency;

/** The idempotency store cannot be read or written (its database is unreachable, its disk failing). */
public class IdempotencyUnavailableException extends RuntimeException {

    public IdempotencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
