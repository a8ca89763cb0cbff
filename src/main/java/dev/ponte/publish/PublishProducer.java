package dev.ponte.publish;

import dev.ponte.event.UnifiedEvent;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Publishes the unified event of the message body once, with a publisher confirm. While earlier events wait in the
 * spool, new ones join them there, so they keep their arrival order and an outage costs no connection attempt per
 * event; an event the broker does not confirm is spooled. Without a spool, or when the spool refuses it, the exchange
 * fails with {@link BrokerUnavailableException}.
 */
public class PublishProducer extends DefaultAsyncProducer {

    /** Exchange property: the event as published or spooled (serialized once). */
    public static final String EVENT_JSON = "ponteEventJson";
    /** Exchange property: true when the event went to the spool instead of the broker. */
    public static final String SPOOLED = "ponteSpooled";

    private static final Logger log = LoggerFactory.getLogger(PublishProducer.class);

    private final String exchangeName;
    private final EventPublisher publisher;
    private final EventSpool spool;
    private final boolean synchronous;

    PublishProducer(PublishEndpoint endpoint) {
        super(endpoint);
        this.exchangeName = endpoint.getExchange();
        this.publisher = endpoint.publisher();
        this.spool = endpoint.spool();
        this.synchronous = endpoint.isSynchronous();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            UnifiedEvent event = exchange.getMessage().getMandatoryBody(UnifiedEvent.class);
            byte[] json = EventPublisher.body(event);
            exchange.setProperty(EVENT_JSON, json);
            if (spool != null && spool.depth() > 0) {
                spool(exchange, event, json);
            } else if (synchronous) {
                try {
                    publisher.publish(exchangeName, event, json);
                } catch (BrokerUnavailableException e) {
                    notConfirmed(exchange, event, json, e);
                }
            } else {
                CompletableFuture<Void> confirm;
                try {
                    confirm = publisher.publishAsync(exchangeName, event, json);
                } catch (BrokerUnavailableException e) {
                    notConfirmed(exchange, event, json, e);
                    callback.done(true);
                    return true;
                }
                confirm.whenComplete((confirmed, failure) -> {
                    try {
                        if (failure != null) {
                            notConfirmed(exchange, event, json, unwrap(failure));
                        }
                    } catch (Throwable t) {
                        failed(exchange, t);
                    }
                    callback.done(false);
                });
                return false;
            }
        } catch (Throwable t) {
            failed(exchange, t);
        }
        callback.done(true);
        return true;
    }

    private void notConfirmed(Exchange exchange, UnifiedEvent event, byte[] json, BrokerUnavailableException e) {
        if (spool == null) {
            throw e;
        }
        log.warn("broker did not confirm event {} ({}); spooling it", event.id(), e.getMessage());
        spool(exchange, event, json);
    }

    private void spool(Exchange exchange, UnifiedEvent event, byte[] json) {
        try {
            spool.append(event.id(), event.routingKey(), event.provider(), EventPublisher.time(event),
                    event.receivedAt(), json);
        } catch (RuntimeException e) {
            throw new BrokerUnavailableException("broker unavailable and spool not accepting: " + e.getMessage(), e);
        }
        exchange.setProperty(SPOOLED, true);
    }

    private static BrokerUnavailableException unwrap(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof BrokerUnavailableException b ? b
                : new BrokerUnavailableException("confirm failed", cause);
    }

    /**
     * Camel's error handling catches Exceptions only: an Error (OutOfMemoryError, StackOverflowError) becomes the
     * exchange's exception, wrapped, so the route answers it as the unexpected failure it is.
     */
    private static void failed(Exchange exchange, Throwable t) {
        exchange.setException(t instanceof Exception e ? e
                : new IllegalStateException("publish failed with " + t.getClass().getName(), t));
    }
}
