package dev.ponte.console;

/** A console or admin API request that cannot be done: its HTTP status and a short code, never a secret. */
public class ConsoleException extends RuntimeException {

    private final int status;
    private final String error;

    public ConsoleException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    static ConsoleException notFound(String error, String detail) {
        return new ConsoleException(404, error, detail);
    }

    static ConsoleException badRequest(String detail) {
        return new ConsoleException(400, "bad_request", detail);
    }

    static ConsoleException unavailable(String detail) {
        return new ConsoleException(503, "unavailable", detail);
    }
}
