package dev.ponte.provider;

/** The body is not a JSON object: answered 400 {@code invalid_json} with this message as the detail. */
public class InvalidWebhookException extends RuntimeException {
    public InvalidWebhookException(String detail) {
        super(detail, null, false, false);
    }
}
