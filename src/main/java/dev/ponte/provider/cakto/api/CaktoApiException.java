package dev.ponte.provider.cakto.api;

/** A request to Cakto's API that did not succeed. The message never holds a secret or a token. */
public class CaktoApiException extends RuntimeException {

    public enum Kind {
        /** The token endpoint refused the client id / secret: nothing to retry until the configuration changes. */
        CREDENTIALS_REJECTED,
        /** A fresh token was refused too (401 twice), or the key lacks a scope (403). */
        NOT_AUTHORIZED,
        /** 404: the history record (or the endpoint) does not exist, or belongs to another account. */
        NOT_FOUND,
        /** Cakto unreachable, timing out or answering 5xx / 429: worth trying again later. */
        UNAVAILABLE,
        /** An answer Ponte cannot read (not the documented shape), or another 4xx. */
        UNEXPECTED
    }

    private final Kind kind;

    public CaktoApiException(Kind kind, String message) {
        this(kind, message, null);
    }

    public CaktoApiException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
