package dev.ponte.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ponte.config.PonteProperties;
import dev.ponte.event.EventJson;
import dev.ponte.event.UnifiedEvent;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import java.util.Date;

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
        sender.send(exchange, event.routingKey(), toMessage(event), event.id());
    }

    static Message toMessage(UnifiedEvent event) {
        byte[] body;
        try {
            body = EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unified event not serializable", e);
        }
        MessageProperties props = new MessageProperties();
        props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setContentEncoding("utf-8");
        props.setMessageId(event.id());
        props.setType(event.routingKey());
        props.setTimestamp(Date.from(event.receivedAt()));
        props.setAppId("ponte");
        // CloudEvents attributes as application headers (AMQP binding, "cloudEvents_" prefix form)
        props.setHeader(CE_PREFIX + "specversion", "1.0");
        props.setHeader(CE_PREFIX + "id", event.id());
        props.setHeader(CE_PREFIX + "source", "ponte/" + event.provider());
        props.setHeader(CE_PREFIX + "type", event.routingKey());
        props.setHeader(CE_PREFIX + "time",
                (event.occurredAt() != null ? event.occurredAt() : event.receivedAt()).toString());
        props.setHeader(CE_PREFIX + "datacontenttype", "application/json");
        return new Message(body, props);
    }
}
