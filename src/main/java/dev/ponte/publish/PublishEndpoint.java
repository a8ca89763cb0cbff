package dev.ponte.publish;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One topic exchange to publish unified events to; see {@link PublishComponent}. */
public class PublishEndpoint extends DefaultEndpoint {

    private final String exchange;
    private final EventPublisher publisher;
    private final EventSpool spool;
    private boolean synchronous;

    PublishEndpoint(String uri, PublishComponent component, String exchange, EventPublisher publisher,
                    EventSpool spool) {
        super(uri, component);
        this.exchange = exchange;
        this.publisher = publisher;
        this.spool = spool;
    }

    @Override
    public Producer createProducer() {
        return new PublishProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ponte-publish only publishes: consume from the broker's queues");
    }

    public String getExchange() {
        return exchange;
    }

    /**
     * True: the calling thread waits for the confirm and runs the rest of the route. False (the default): the
     * exchange is completed from the broker's confirm callback, and the rest of the route runs on that thread.
     */
    public boolean isSynchronous() {
        return synchronous;
    }

    public void setSynchronous(boolean synchronous) {
        this.synchronous = synchronous;
    }

    EventPublisher publisher() {
        return publisher;
    }

    EventSpool spool() {
        return spool;
    }
}
