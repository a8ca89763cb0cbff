package dev.ponte.ingress;

import dev.ponte.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publisher on its own, against the real broker: pipelined confirms, returns, nacks, closed channels. */
class ConfirmedSenderIT {

    private static final String QUEUE = TestBroker.RUN + ".sender";
    private static final String BOUNDED = TestBroker.RUN + ".sender-bounded";
    private static final String NOWHERE = TestBroker.RUN + ".sender-nowhere";

    private static CachingConnectionFactory connections;
    private static ConfirmedSender sender;

    @BeforeAll
    static void setUp() {
        connections = new CachingConnectionFactory("127.0.0.1", 5672);
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        sender = new ConfirmedSender(connections, Duration.ofSeconds(5), 2);
        TestBroker.admin().declareQueue(QueueBuilder.durable(QUEUE).build());
        // a full queue that rejects new messages: the broker nacks them
        TestBroker.admin().declareQueue(QueueBuilder.durable(BOUNDED).maxLength(1).overflow(
                QueueBuilder.Overflow.rejectPublish).build());
        // an exchange no queue is bound to, without an alternate exchange: a mandatory message comes back
        TestBroker.admin().declareExchange(new TopicExchange(NOWHERE, false, true));
    }

    @AfterEach
    void purge() {
        TestBroker.purge(QUEUE);
    }

    @AfterAll
    static void tearDown() {
        sender.destroy();
        connections.destroy();
        TestBroker.delete(QUEUE);
        TestBroker.delete(BOUNDED);
        TestBroker.admin().deleteExchange(NOWHERE);
    }

    private static Message message(String id) {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(id);
        return new Message(id.getBytes(StandardCharsets.UTF_8), properties);
    }

    @Test
    void concurrentSendsShareTheChannelsAndEachReturnsOnlyOnceStored() throws Exception {
        int threads = 16;
        int perThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        sender.send("", QUEUE, message("m-" + thread + "-" + i), "m-" + thread + "-" + i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // every send returned after its confirm: all of them are in the queue now, none twice
        assertThat(TestBroker.messageCount(QUEUE)).isEqualTo(threads * perThread);
        Set<String> ids = new HashSet<>();
        Message m;
        while ((m = TestBroker.template().receive(QUEUE)) != null) {
            ids.add(m.getMessageProperties().getMessageId());
        }
        assertThat(ids).hasSize(threads * perThread);
    }

    @Test
    void anUnroutableMessageIsReturnedAndNotReportedAsStored() {
        assertThatThrownBy(() -> sender.send(NOWHERE, "any.key", message("lost-1"), "lost-1"))
                .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("could not route");
        // the return is matched to its own message: the next ones on the same channels are confirmed
        for (int i = 0; i < 4; i++) {
            sender.send("", QUEUE, message("after-return-" + i), "after-return-" + i);
        }
        assertThat(TestBroker.messageCount(QUEUE)).isEqualTo(4);
    }

    @Test
    void aMessageWithoutIdIsStillMatchedToItsReturn() {
        Message noId = new Message("x".getBytes(StandardCharsets.UTF_8), new MessageProperties());
        assertThatThrownBy(() -> sender.send(NOWHERE, "any.key", noId, "correlation-7"))
                .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("could not route");
    }

    @Test
    void aNackedMessageFails() {
        TestBroker.purge(BOUNDED);
        sender.send("", BOUNDED, message("first"), "first");
        assertThatThrownBy(() -> sender.send("", BOUNDED, message("second"), "second"))
                .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("nack");
        TestBroker.purge(BOUNDED);
    }

    @Test
    void aChannelTheBrokerClosesFailsAtOnceAndTheNextSendOpensANewOne() {
        long started = System.nanoTime();
        // publishing to an exchange that does not exist: the broker closes the channel (404)
        for (int i = 0; i < 2; i++) {
            String id = "closed-" + i;
            assertThatThrownBy(() -> sender.send(TestBroker.RUN + ".no-such-exchange", "k", message(id), id))
                    .isInstanceOf(BrokerUnavailableException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("failed by the channel's closing, not the "
                + "confirm timeout").isLessThan(Duration.ofSeconds(5));
        for (int i = 0; i < 4; i++) {
            sender.send("", QUEUE, message("reopened-" + i), "reopened-" + i);
        }
        assertThat(TestBroker.messageCount(QUEUE)).isEqualTo(4);
    }

    @Test
    void sendAllReportsWhichMessagesOfABatchWereStored() {
        List<ConfirmedSender.Outgoing> batch = List.of(
                new ConfirmedSender.Outgoing("", QUEUE, message("b-0"), "b-0"),
                new ConfirmedSender.Outgoing(NOWHERE, "k", message("b-1"), "b-1"),
                new ConfirmedSender.Outgoing("", QUEUE, message("b-2"), "b-2"));
        assertThat(sender.sendAll(batch)).containsExactly(0, 2);
        assertThat(TestBroker.messageCount(QUEUE)).isEqualTo(2);
    }

    @Test
    void anUnreachableBrokerFailsFast() {
        CachingConnectionFactory closedPort = new CachingConnectionFactory("127.0.0.1", 1);
        closedPort.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        ConfirmedSender unreachable = new ConfirmedSender(closedPort, Duration.ofSeconds(5), 1);
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> unreachable.send("", QUEUE, message("down"), "down"))
                    .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("unreachable");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            unreachable.destroy();
            closedPort.destroy();
        }
    }
}
