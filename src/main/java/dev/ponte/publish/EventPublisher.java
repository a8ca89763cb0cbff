package dev.ponte.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ponte.config.PonteProperties;
import dev.ponte.event.EventJson;
import dev.ponte.event.UnifiedEvent;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes unified events to the {@code ponte.events} topic exchange, routing key = type, and returns only once
 * the broker confirmed them ({@link ConfirmedSender}).
 */
public class EventPublisher {

    static final String CE_PREFIX = "cloudEvents_";

    private final ConfirmedSender sender;
    private final String exchange;

    public EventPublisher(ConfirmedSender sender, PonteProperties.Publish settings) {
        this.sender = sender;
        this.exchange = settings.exchange();
    }

    /** @throws BrokerUnavailableException unless the broker confirmed the event as routed and stored */
    public void publish(UnifiedEvent event) {
        publish(event, body(event));
    }

    /** @param body the event serialized by {@link #body(UnifiedEvent)} */
    public void publish(UnifiedEvent event, byte[] body) {
        publish(exchange, event, body);
    }

    /**
     * @param exchange the topic exchange to publish to
     * @param body     the event serialized by {@link #body(UnifiedEvent)}
     * @throws BrokerUnavailableException unless the broker confirmed the event as routed and stored
     */
    public void publish(String exchange, UnifiedEvent event, byte[] body) {
        sender.send(exchange, event.routingKey(), message(event, body), event.id());
    }

    /**
     * Publishes without waiting for the confirm.
     *
     * @return completed once the broker confirmed the event as routed and stored; failed with
     * {@link BrokerUnavailableException} otherwise
     * @throws BrokerUnavailableException when the event cannot be sent at all
     */
    public CompletableFuture<Void> publishAsync(String exchange, UnifiedEvent event, byte[] body) {
        return sender.sendAsync(exchange, event.routingKey(), message(event, body), event.id());
    }

    private static Message message(UnifiedEvent event, byte[] body) {
        return message(event.id(), event.routingKey(), event.provider(), time(event), event.receivedAt(), body);
    }

    /**
     * Publishes an event once more straight into one queue (default exchange), with the message id and headers of
     * its first publish: a replay to one destination.
     *
     * @throws BrokerUnavailableException unless the broker confirmed it as routed and stored
     */
    public void publishToQueue(String queue, String id, String routingKey, String provider, java.time.Instant time,
                               java.time.Instant receivedAt, byte[] body) {
        sender.send("", queue, message(id, routingKey, provider, time, receivedAt, body), id);
    }

    /** Publishes spooled events as they would have been published at first; returns those confirmed. */
    public List<SpooledEvent> publishSpooled(List<SpooledEvent> events) {
        List<ConfirmedSender.Outgoing> batch = events.stream().map(e -> new ConfirmedSender.Outgoing(exchange,
                e.routingKey(), message(e.eventId(), e.routingKey(), e.provider(), e.time(), e.receivedAt(), e.body()),
                e.eventId())).toList();
        return sender.sendAll(batch).stream().map(events::get).toList();
    }

    /** The serialized event, as stored in the spool. */
    public static byte[] body(UnifiedEvent event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unified event not serializable", e);
        }
    }

    /** CloudEvents {@code time}: when the provider says it happened, else when Ponte received it. */
    public static java.time.Instant time(UnifiedEvent event) {
        return event.occurredAt() != null ? event.occurredAt() : event.receivedAt();
    }

    static Message message(String id, String routingKey, String provider, java.time.Instant time,
                           java.time.Instant receivedAt, byte[] body) {
        MessageProperties props = new MessageProperties();
        props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setContentEncoding("utf-8");
        props.setMessageId(id);
        props.setType(routingKey);
        props.setTimestamp(Date.from(receivedAt));
        props.setAppId("ponte");
        // CloudEvents attributes as application headers (AMQP binding, "cloudEvents_" prefix form)
        props.setHeader(CE_PREFIX + "specversion", "1.0");
        props.setHeader(CE_PREFIX + "id", id);
        props.setHeader(CE_PREFIX + "source", "ponte/" + provider);
        props.setHeader(CE_PREFIX + "type", routingKey);
        props.setHeader(CE_PREFIX + "time", time.toString());
        props.setHeader(CE_PREFIX + "datacontenttype", "application/json");
        return new Message(body, props);
    }
}
