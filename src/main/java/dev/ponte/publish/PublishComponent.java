package dev.ponte.publish;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code ponte-publish:<exchange>[?synchronous=true]}: publishes the unified event in the message body to the topic
 * exchange, routing key = its type, and completes the exchange once the broker confirmed it, or once it is on disk in
 * the spool while the broker cannot take it (then the exchange property {@link PublishProducer#SPOOLED} is true).
 */
public class PublishComponent extends DefaultComponent {

    private final EventPublisher publisher;
    private final EventSpool spool;

    /** @param spool null when {@code ponte.spool.enabled=false}: a broker outage then fails the exchange */
    public PublishComponent(EventPublisher publisher, EventSpool spool) {
        this.publisher = publisher;
        this.spool = spool;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("ponte-publish needs the exchange name: ponte-publish:<exchange>");
        }
        PublishEndpoint endpoint = new PublishEndpoint(uri, this, remaining, publisher, spool);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
