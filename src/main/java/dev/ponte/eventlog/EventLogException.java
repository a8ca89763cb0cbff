package dev.ponte.eventlog;

/** The event log's database failed; the console answers 503. */
public class EventLogException extends RuntimeException {

    public EventLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
