package dev.ponte.eventlog;

import java.util.List;
import java.util.Optional;

/** One event: the webhooks that carried it (a provider's retries are {@code duplicate}) and its delivery rows. */
public record EventRecord(String eventId, List<LoggedWebhook> webhooks, List<LoggedAttempt> attempts) {

    /** The webhook that published the event (the first one with the event's JSON). */
    public Optional<LoggedWebhook> original() {
        return webhooks.stream().filter(w -> w.eventJson() != null && !"duplicate".equals(w.outcome())).findFirst()
                .or(() -> webhooks.stream().filter(w -> w.eventJson() != null).findFirst());
    }
}
