package dev.ponte.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ponte.config.PonteProperties;
import dev.ponte.event.EventJson;
import dev.ponte.event.UnifiedEvent;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.time.Duration;
import java.util.Date;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes unified events to the {@code ponte.events} topic exchange and waits for the broker's publisher
 * confirm. Correlated confirms on the cached channels let concurrent webhooks share channels and have their
 * confirms pipelined: each request waits only for its own. The message is mandatory, so an event the broker
 * could not route anywhere comes back as a return and is treated as not stored.
 */
public class EventPublisher {

    static final String CE_PREFIX = "cloudEvents_";

    private final RabbitTemplate template;
    private final String exchange;
    private final Duration confirmTimeout;

    public EventPublisher(RabbitTemplate template, PonteProperties.Publish settings) {
        this.template = template;
        this.exchange = settings.exchange();
        this.confirmTimeout = settings.confirmTimeout();
        template.setMandatory(true);
    }

    /** @throws BrokerUnavailableException unless the broker confirmed the event as routed and stored */
    public void publish(UnifiedEvent event) {
        Message message = toMessage(event);
        CorrelationData correlation = new CorrelationData(event.id());
        try {
            template.send(exchange, event.routingKey(), message, correlation);
        } catch (AmqpException e) {
            throw new BrokerUnavailableException("broker unreachable: " + e.getClass().getSimpleName(), e);
        }
        CorrelationData.Confirm confirm;
        try {
            confirm = correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("no publisher confirm within " + confirmTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for the confirm", e);
        } catch (ExecutionException e) {
            throw new BrokerUnavailableException("confirm failed", e.getCause());
        }
        if (!confirm.isAck()) {
            throw new BrokerUnavailableException("broker refused the event (nack: " + confirm.getReason() + ")", null);
        }
        if (correlation.getReturned() != null) {
            throw new BrokerUnavailableException("broker could not route the event (return: "
                    + correlation.getReturned().getReplyText() + ")", null);
        }
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
