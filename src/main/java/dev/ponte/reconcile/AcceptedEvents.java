package dev.ponte.reconcile;

/**
 * What Ponte knows it took: an event id it published, spooled, parked or answered as a duplicate. The
 * reconciliation resends a delivery whose event is not known here.
 */
public interface AcceptedEvents {

    /**
     * @throws RuntimeException when the answer cannot be known now (its store unreachable): the run fails and is
     *                          tried again later
     */
    boolean accepted(String eventId);
}
