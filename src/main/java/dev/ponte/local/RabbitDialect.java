package dev.ponte.local;

import dev.ponte.delivery.DestinationAdmin;
import dev.ponte.delivery.RetrySchedule;
import org.apache.qpid.server.model.AbstractConfigurationChangeListener;
import org.apache.qpid.server.model.AlternateBinding;
import org.apache.qpid.server.model.ConfiguredObject;
import org.apache.qpid.server.model.Exchange;
import org.apache.qpid.server.model.Queue;
import org.apache.qpid.server.model.VirtualHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Ponte's topology in Qpid's terms. Ponte declares it the RabbitMQ way, with arguments Qpid Broker-J does not know
 * (the embedded broker is configured to ignore them instead of refusing the declaration); this gives the declared
 * objects the same behaviour with Qpid's own attribute, {@code alternateBinding}, as soon as they exist:
 * <ul>
 *   <li>the events exchange's {@code alternate-exchange} ({@code ponte.unrouted}): an event no queue is bound to
 *       goes there (and, as with RabbitMQ, counts as routed: no return to the mandatory publish);</li>
 *   <li>a destination queue's {@code x-dead-letter-exchange} / {@code x-dead-letter-routing-key}, which lead to
 *       {@code <queue>.dlq}: a message rejected without requeue goes straight into {@code <queue>.dlq}. Qpid
 *       dead-letters a rejected message only once it was delivered {@code maximumDeliveryAttempts} times, so the
 *       broker's configuration sets that to 1 (RabbitMQ's behaviour: the first rejection dead-letters).</li>
 * </ul>
 * <ul>
 *   <li>retries: Qpid drops an expired message rather than dead-lettering it, so the retry queues stay unused
 *       here; a destination queue is declared with {@code holdOnPublishEnabled} instead (by
 *       {@code DestinationAdmin}: Qpid reads it only at creation), and Ponte puts a retry straight back into it
 *       with {@code x-qpid-not-valid-before} (the time of its next try), which Qpid holds until then.</li>
 * </ul>
 * {@code x-queue-type} has no equivalent: the embedded broker has one kind of queue, durable on disk.
 */
final class RabbitDialect extends AbstractConfigurationChangeListener {

    private static final Logger log = LoggerFactory.getLogger(RabbitDialect.class);

    private final String eventsExchange;
    private final String unroutedExchange;

    RabbitDialect(String eventsExchange, String unroutedExchange) {
        this.eventsExchange = eventsExchange;
        this.unroutedExchange = unroutedExchange;
    }

    /** Applies to what the host already has (a store from an earlier run) and to everything declared later. */
    void attach(VirtualHost<?> host) {
        host.addChangeListener(this);
        apply(host);
    }

    /** Runs on the broker's configuration thread, before the declare-ok reaches the client. */
    @Override
    public void childAdded(ConfiguredObject<?> object, ConfiguredObject<?> child) {
        if (object instanceof VirtualHost<?> host && (child instanceof Queue<?> || child instanceof Exchange<?>)) {
            apply(host);
        }
    }

    private void apply(VirtualHost<?> host) {
        Exchange<?> events = host.getChildByName(Exchange.class, eventsExchange);
        if (events != null && events.getAlternateBinding() == null
                && host.getChildByName(Exchange.class, unroutedExchange) != null) {
            alternate(events, unroutedExchange);
        }
        for (Queue<?> queue : host.getChildren(Queue.class)) {
            if (RetrySchedule.ttlOf(queue.getName()) > 0) {
                continue;
            }
            String deadLetters = DestinationAdmin.deadLetterQueue(queue.getName());
            if (!queue.getName().endsWith(DestinationAdmin.DLQ_SUFFIX) && queue.getAlternateBinding() == null
                    && host.getChildByName(Queue.class, deadLetters) != null) {
                alternate(queue, deadLetters);
            }

        }
    }

    private static void alternate(ConfiguredObject<?> object, String destination) {
        object.setAttributes(Map.of(Exchange.ALTERNATE_BINDING, Map.of(AlternateBinding.DESTINATION, destination)));
        log.debug("embedded broker: {} '{}' gets the alternate binding '{}'",
                object.getCategoryClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), object.getName(),
                destination);
    }
}
