package dev.ponte.http;

/**
 * Told of every webhook's outcome once its answer is decided (the event log). Called on the request thread: an
 * implementation returns at once (queue the work) and never throws.
 */
@FunctionalInterface
public interface WebhookOutcomeListener {

    void onOutcome(WebhookOutcome outcome);
}
