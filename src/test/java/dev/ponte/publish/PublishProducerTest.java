package dev.ponte.publish;

import dev.ponte.config.PonteProperties;
import dev.ponte.event.EventJson;
import dev.ponte.event.UnifiedEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ponte-publish} producer with a publisher whose confirms the test completes: the exchange completes from
 * the confirm callback (or, {@code synchronous=true}, on the calling thread), an event the broker did not confirm is
 * spooled, and while the spool holds events new ones join them there. Without a spool, or with a spool that refuses
 * the event, the exchange fails with BrokerUnavailableException; an Error of the publisher is an Exception of the
 * exchange. No broker.
 */
class PublishProducerTest {

    @TempDir
    Path dir;

    private final CachingConnectionFactory unused = new CachingConnectionFactory("127.0.0.1", 1);
    private final StubPublisher publisher = new StubPublisher(unused);
    private CamelContext camel;
    private EventSpool spool;

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (spool != null) {
            spool.close();
        }
        unused.destroy();
    }

    @Test
    void theExchangeCompletesFromTheConfirmCallback() throws Exception {
        ProducerTemplate template = start("ponte-publish:events", spool(Long.MAX_VALUE));

        Future<Exchange> sent = template.asyncSend("direct:in", exchange -> exchange.getMessage().setBody(event("a")));
        assertThat(publisher.called.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).as("completed before the confirm").isNotDone();
        Thread confirm = new Thread(() -> publisher.next.complete(null), "test-confirm-callback");
        confirm.start();
        Exchange done = sent.get(10, TimeUnit.SECONDS);

        assertThat(done.getException()).isNull();
        assertThat(done.getProperty("after", String.class)).isEqualTo("test-confirm-callback");
        assertThat(done.getProperty(PublishProducer.SPOOLED)).isNull();
        assertThat(done.getProperty(PublishProducer.EVENT_JSON, byte[].class)).isEqualTo(EventPublisher.body(event("a")));
        assertThat(publisher.exchanges).containsExactly("events");
        assertThat(spool.depth()).isZero();
    }

    @Test
    void synchronousWaitsForTheConfirmOnTheCallingThread() {
        ProducerTemplate template = start("ponte-publish:events?synchronous=true", null);
        publisher.next.complete(null);

        Exchange done = template.send("direct:in", exchange -> exchange.getMessage().setBody(event("b")));

        assertThat(done.getException()).isNull();
        assertThat(publisher.threads).containsExactly(Thread.currentThread().getName());
        assertThat(done.getProperty("after", String.class)).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void anEventTheBrokerDidNotConfirmIsSpooled() throws Exception {
        ProducerTemplate template = start("ponte-publish:events", spool(Long.MAX_VALUE));
        publisher.next.completeExceptionally(new BrokerUnavailableException("simulated nack", null));

        Exchange done = template.send("direct:in", exchange -> exchange.getMessage().setBody(event("c")));

        assertThat(done.getException()).isNull();
        assertThat(done.getProperty(PublishProducer.SPOOLED, Boolean.class)).isTrue();
        assertThat(spool.depth()).isEqualTo(1);
        assertThat(spool.oldest(1).get(0).eventId()).isEqualTo("evt_c");
    }

    @Test
    void whileTheSpoolHoldsEventsNewOnesJoinThemThere() {
        ProducerTemplate template = start("ponte-publish:events", spool(Long.MAX_VALUE));
        UnifiedEvent earlier = event("earlier");
        spool.append(earlier.id(), earlier.routingKey(), earlier.provider(), EventPublisher.time(earlier),
                earlier.receivedAt(), EventPublisher.body(earlier));

        Exchange done = template.send("direct:in", exchange -> exchange.getMessage().setBody(event("d")));

        assertThat(done.getException()).isNull();
        assertThat(done.getProperty(PublishProducer.SPOOLED, Boolean.class)).isTrue();
        assertThat(publisher.exchanges).as("published").isEmpty();
        assertThat(spool.oldest(10)).extracting(SpooledEvent::eventId).containsExactly("evt_earlier", "evt_d");
    }

    @Test
    void withoutASpoolAnUnconfirmedEventFailsTheExchange() {
        ProducerTemplate template = start("ponte-publish:events", null);
        publisher.next.completeExceptionally(new BrokerUnavailableException("simulated: no confirm", null));

        Exchange done = template.send("direct:in", exchange -> exchange.getMessage().setBody(event("e")));

        assertThat(done.getException()).isInstanceOf(BrokerUnavailableException.class)
                .hasMessage("simulated: no confirm");
        assertThat(done.getProperty("after")).as("the route went on").isNull();
    }

    @Test
    void aSpoolThatRefusesTheEventFailsTheExchange() {
        ProducerTemplate template = start("ponte-publish:events", spool(1));
        publisher.next.completeExceptionally(new BrokerUnavailableException("simulated nack", null));

        Exchange done = template.send("direct:in", exchange -> exchange.getMessage().setBody(event("f")));

        assertThat(done.getException()).isInstanceOf(BrokerUnavailableException.class)
                .hasMessageStartingWith("broker unavailable and spool not accepting: spool full");
        assertThat(spool.depth()).isZero();
    }

    @Test
    void anErrorOfThePublisherIsAnExceptionOfTheExchange() {
        ProducerTemplate template = start("ponte-publish:events", spool(Long.MAX_VALUE));
        publisher.error = new StackOverflowError();

        Exchange done = template.send("direct:in", exchange -> exchange.getMessage().setBody(event("g")));

        assertThat(done.getException()).isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(StackOverflowError.class);
        assertThat(spool.depth()).isZero();
    }

    private EventSpool spool(long maxBytes) {
        spool = new EventSpool(dir, maxBytes);
        return spool;
    }

    private ProducerTemplate start(String uri, EventSpool spool) {
        try {
            camel = new DefaultCamelContext();
            camel.addComponent("ponte-publish", new PublishComponent(publisher, spool));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to(uri)
                            .process(exchange -> exchange.setProperty("after", Thread.currentThread().getName()));
                }
            });
            camel.start();
            return camel.createProducerTemplate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static UnifiedEvent event(String id) {
        return new UnifiedEvent("evt_" + id, "order.paid", "cakto", "purchase_approved", null,
                Instant.parse("2026-01-01T00:00:00Z"), false, null, null, null, null,
                EventJson.mapper().createObjectNode());
    }

    /** A publisher whose confirm is the future the test completes. */
    static final class StubPublisher extends EventPublisher {
        final List<String> exchanges = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch called = new CountDownLatch(1);
        final CompletableFuture<Void> next = new CompletableFuture<>();
        volatile Error error;

        StubPublisher(CachingConnectionFactory unused) {
            super(new ConfirmedSender(unused, Duration.ofSeconds(1), 1),
                    new PonteProperties.Publish("events", "parked", "unrouted", Duration.ofSeconds(1), 1));
        }

        @Override
        public void publish(String exchange, UnifiedEvent event, byte[] body) {
            try {
                publishAsync(exchange, event, body).join();
            } catch (CompletionException e) {
                throw (RuntimeException) e.getCause();
            }
        }

        @Override
        public CompletableFuture<Void> publishAsync(String exchange, UnifiedEvent event, byte[] body) {
            if (error != null) {
                throw error;
            }
            exchanges.add(exchange);
            threads.add(Thread.currentThread().getName());
            called.countDown();
            return next;
        }
    }
}
