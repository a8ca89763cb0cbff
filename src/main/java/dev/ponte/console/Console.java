package dev.ponte.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.delivery.DeadLetterReplay;
import dev.ponte.delivery.DeadLetters;
import dev.ponte.delivery.ConsumerQueues;
import dev.ponte.event.EventJson;
import dev.ponte.eventlog.EventLogException;
import dev.ponte.eventlog.EventLogStore;
import dev.ponte.eventlog.EventLogWriter;
import dev.ponte.eventlog.EventPage;
import dev.ponte.eventlog.EventQuery;
import dev.ponte.eventlog.EventRecord;
import dev.ponte.eventlog.LoggedAttempt;
import dev.ponte.eventlog.LoggedWebhook;
import dev.ponte.publish.BrokerUnavailableException;
import dev.ponte.publish.EventPublisher;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * What the page and the admin API do: search the event log, show an event, replay it to a destination route, and
 * each route's dead-letter queue. The event log may be off ({@code ponte.events.log.enabled=false}): then only
 * the dead-letter queues are there.
 */
public class Console {

    private static final Logger log = LoggerFactory.getLogger(Console.class);

    private final CamelContext camel;
    private final ConsumerQueues consumerQueues;
    private final EventLogStore store;
    private final EventLogWriter writer;
    private final EventPublisher publisher;
    private final DeadLetterReplay deadLetters;
    private final AmqpAdmin amqp;
    private final Clock clock;

    /** @param store null when the event log is off; @param writer likewise */
    public Console(CamelContext camel, ConsumerQueues consumerQueues, EventLogStore store, EventLogWriter writer, EventPublisher publisher,
                   DeadLetterReplay deadLetters, AmqpAdmin amqp, Clock clock) {
        this.camel = camel;
        this.consumerQueues = consumerQueues;
        this.store = store;
        this.writer = writer;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.amqp = amqp;
        this.clock = clock;
    }

    public boolean logEnabled() {
        return store != null;
    }

    /** A destination route: its id and the queue it consumes. */
    public record Destination(String route, String queue, String deadLetterQueue, boolean consumed) {
    }

    /**
     * Every destination route (those consuming a queue of {@code ponte.events} into a dead-letter queue) and every
     * queue for consumers ({@code ponte.queues}, by its name there, not consumed by Ponte), by id.
     */
    public List<Destination> destinations() {
        return java.util.stream.Stream.concat(
                        camel.getRoutes().stream().filter(Console::isDestination).map(Console::destination),
                        consumerQueues.all().stream().map(Console::destination))
                .sorted(Comparator.comparing(Destination::route)).toList();
    }

    public Destination destination(String routeId) {
        Route route = routeId == null ? null : camel.getRoute(routeId);
        if (route != null && isDestination(route)) {
            return destination(route);
        }
        return consumerQueues.all().stream().filter(q -> q.name().equals(routeId)).findFirst()
                .map(Console::destination)
                .orElseThrow(() -> ConsoleException.notFound("unknown_route", "no destination route " + routeId));
    }

    private static boolean isDestination(Route route) {
        return route.getEndpoint() instanceof SpringRabbitMQEndpoint rabbit && rabbit.getQueues() != null
                && rabbit.getDeadLetterQueue() != null;
    }

    private static Destination destination(Route route) {
        return new Destination(route.getRouteId(), DeadLetters.queueOf(route.getEndpoint()),
                DeadLetters.deadLetterQueueOf(route.getEndpoint()), true);
    }

    private static Destination destination(ConsumerQueues.ConsumerQueue queue) {
        return new Destination(queue.name(), queue.queue(), queue.deadLetterQueue(), false);
    }

    public EventPage search(EventQuery query) {
        return logged(() -> store.search(query));
    }

    public EventRecord event(String eventId) {
        return logged(() -> store.find(eventId))
                .orElseThrow(() -> ConsoleException.notFound("unknown_event", "no event " + eventId + " in the event log"));
    }

    public EventLogStore.Counts counts(Duration window) {
        return logged(() -> store.counts(clock.instant().minus(window)));
    }

    /** What a replay did. */
    public record Replayed(String eventId, String route, String queue, String routingKey) {
    }

    /**
     * Publishes the stored event again into one route's queue, as it was first published (message id, type,
     * CloudEvents headers), and waits for the broker's confirm.
     */
    public Replayed replay(String eventId, String routeId) {
        Destination destination = destination(routeId);
        EventRecord record = event(eventId);
        LoggedWebhook original = record.original().orElseThrow(() -> new ConsoleException(409, "no_event",
                "the event log holds no unified event for " + eventId));
        JsonNode event;
        try {
            event = EventJson.mapper().readTree(original.eventJson());
        } catch (IOException e) {
            throw new ConsoleException(409, "no_event", "the stored event of " + eventId + " is not readable");
        }
        String provider = event.path("provider").asText();
        String routingKey = event.path("type").isTextual() ? event.path("type").asText() : "unmapped." + provider;
        Instant receivedAt = Instant.parse(event.path("received_at").asText());
        Instant time = event.path("occurred_at").isTextual() ? Instant.parse(event.path("occurred_at").asText())
                : receivedAt;
        Instant started = clock.instant();
        try {
            publisher.publishToQueue(destination.queue(), eventId, routingKey, provider, time, receivedAt,
                    original.eventJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (BrokerUnavailableException e) {
            throw ConsoleException.unavailable("the broker did not confirm the replay: " + e.getMessage());
        }
        if (writer != null) {
            writer.replayed(eventId, routeId, started);
        }
        log.info("replay event={} route={} queue={}", eventId, routeId, destination.queue());
        return new Replayed(eventId, routeId, destination.queue(), routingKey);
    }

    /** A route's dead-letter queue: its depth from the broker, the events in it from the event log. */
    public record DeadLetterQueue(Destination destination, long depth, List<LoggedAttempt> events) {
    }

    public DeadLetterQueue deadLetterQueue(String routeId, int limit) {
        Destination destination = destination(routeId);
        long depth = depth(destination.deadLetterQueue());
        List<LoggedAttempt> events = store == null ? List.of() : logged(() -> store.deadLettered(routeId, limit));
        return new DeadLetterQueue(destination, depth, events);
    }

    /** Messages in a queue, or -1 when the broker cannot say. */
    public long depth(String queue) {
        try {
            Properties properties = amqp.getQueueProperties(queue);
            Object count = properties == null ? null : properties.get("QUEUE_MESSAGE_COUNT");
            return count instanceof Number n ? n.longValue() : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Moves every dead letter of the route back into its queue; returns their event ids. */
    public List<String> replayDeadLetters(String routeId) {
        Destination destination = destination(routeId);
        Instant started = clock.instant();
        List<String> moved = broker(() -> deadLetters.replayAll(destination.queue(), destination.deadLetterQueue()));
        if (writer != null) {
            moved.stream().filter(java.util.Objects::nonNull).forEach(id -> writer.replayed(id, routeId, started));
        }
        log.info("replay route={} queue={} moved={}", routeId, destination.queue(), moved.size());
        return moved;
    }

    /** Moves one dead letter (by event id) back into its route's queue. */
    public void replayDeadLetter(String routeId, String eventId) {
        Destination destination = destination(routeId);
        Instant started = clock.instant();
        boolean found = broker(() -> deadLetters.replayOne(destination.queue(), destination.deadLetterQueue(),
                eventId));
        if (!found) {
            throw ConsoleException.notFound("not_in_dead_letter_queue", "event " + eventId + " is not in "
                    + destination.deadLetterQueue());
        }
        if (writer != null) {
            writer.replayed(eventId, routeId, started);
        }
        log.info("replay route={} queue={} event={}", routeId, destination.queue(), eventId);
    }

    private interface BrokerCall<T> {
        T call() throws Exception;
    }

    private static <T> T broker(BrokerCall<T> call) {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConsoleException.unavailable("interrupted");
        } catch (Exception e) {
            log.warn("dead-letter replay failed: {}", e.toString());
            throw ConsoleException.unavailable("broker not reachable");
        }
    }

    private <T> T logged(java.util.function.Supplier<T> read) {
        if (store == null) {
            throw new ConsoleException(404, "event_log_disabled", "the event log is off (ponte.events.log.enabled)");
        }
        try {
            return read.get();
        } catch (EventLogException e) {
            log.warn("event log unavailable: {}", EventLogException.describe(e));
            throw ConsoleException.unavailable("event log database not reachable");
        }
    }
}
