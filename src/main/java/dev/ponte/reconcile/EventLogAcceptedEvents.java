package dev.ponte.reconcile;

import dev.ponte.eventlog.EventLogException;
import dev.ponte.eventlog.EventLogStore;

import java.util.Set;

/**
 * Accepted events as the event log holds them ({@code ponte.events.log.enabled}): an event id one of whose webhooks
 * was answered {@code accepted} or {@code duplicate}, {@code spooled} (fsync'd in the local spool, which publishes it
 * once the broker is back: Ponte has it, a resend would only be a duplicate) or {@code parked} (published to
 * {@code ponte.parked}). An id the log holds only with another outcome ({@code unavailable}, {@code error}: Cakto got a
 * 5xx) is not accepted, and neither is one it does not hold. The log keeps {@code ponte.events.retention}, longer than
 * the history a run reads, and survives a restart in local mode, where the idempotency store is in memory.
 * <p>
 * The log is written off the webhook's path, in batches: a webhook answered a moment before a run may not be in its
 * table yet, and a row dropped under load (counted in {@code ponte_eventlog_dropped_total}) never is. Either way the
 * worst outcome is one needless resend: the event id is deterministic, so the ingress answers it {@code duplicate}
 * and nothing is published twice, that answer is logged, and the next run (which reads the history again from its
 * overlap window on) finds the event accepted. Waiting for the log instead would hold the run for no gain.
 */
public class EventLogAcceptedEvents implements AcceptedEvents {

    /** The webhook outcomes that mean Ponte took the event. */
    static final Set<String> TAKEN = Set.of("accepted", "duplicate", "spooled", "parked");

    private final EventLogStore log;

    public EventLogAcceptedEvents(EventLogStore log) {
        this.log = log;
    }

    @Override
    public boolean accepted(String eventId) {
        try {
            return log.outcomes(eventId).stream().anyMatch(TAKEN::contains);
        } catch (EventLogException e) {
            throw new IllegalStateException("the event log cannot tell whether " + eventId + " was accepted: "
                    + EventLogException.describe(e), e);
        }
    }
}
