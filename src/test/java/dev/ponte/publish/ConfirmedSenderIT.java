package dev.ponte.publish;

import dev.ponte.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.io.IOException;
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
import static org.awaitility.Awaitility.await;

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

    /**
     * A memory alarm makes RabbitMQ block publishing connections; a publish would then wait for the confirm timeout
     * (or hang on a full socket). The broker's alarm is raised for real by setting its memory watermark to 0 for a
     * moment, and put back as it was.
     */
    @Test
    void whileTheBrokerBlocksPublishersASendFailsAtOnce() throws Exception {
        String watermark;
        try {
            watermark = rabbitmqctl("eval", "vm_memory_monitor:get_vm_memory_high_watermark().").trim();
        } catch (IOException e) {
            Assumptions.abort("rabbitmqctl not usable here: " + e.getMessage());
            return;
        }
        sender.send("", QUEUE, message("before-alarm"), "before-alarm");
        try {
            rabbitmqctl("set_vm_memory_high_watermark", "0");
            // the broker blocks a connection when it next publishes: that first message is not confirmed in time
            assertThatThrownBy(() -> sender.send("", QUEUE, message("first-during-alarm"), "first-during-alarm"))
                    .isInstanceOf(BrokerUnavailableException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> sender.blockedReason() != null);
            long started = System.nanoTime();
            assertThatThrownBy(() -> sender.send("", QUEUE, message("during-alarm"), "during-alarm"))
                    .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("blocks publishing");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused without waiting")
                    .isLessThan(Duration.ofSeconds(1));
        } finally {
            restoreWatermark(watermark);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.blockedReason() == null);
        sender.send("", QUEUE, message("after-alarm"), "after-alarm");
        Set<String> ids = new HashSet<>();
        Message m;
        while ((m = TestBroker.template().receive(QUEUE)) != null) {
            ids.add(m.getMessageProperties().getMessageId());
        }
        // the first message may still be stored once the alarm is over (reported as not stored: the caller spools
        // it, and the event id lets consumers drop the second copy); the refused one never reached the broker
        assertThat(ids).contains("before-alarm", "after-alarm").doesNotContain("during-alarm");
    }

    /** "0.4" or "{absolute,1073741824}", as the broker reported it. */
    private static void restoreWatermark(String watermark) throws IOException {
        java.util.regex.Matcher absolute = java.util.regex.Pattern.compile("\\{absolute,\\s*(\\d+)}").matcher(watermark);
        if (absolute.matches()) {
            rabbitmqctl("set_vm_memory_high_watermark", "absolute", absolute.group(1));
        } else {
            rabbitmqctl("set_vm_memory_high_watermark", watermark);
        }
    }

    private static String rabbitmqctl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("rabbitmqctl " + String.join(" ", args) + " failed: " + output.strip());
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            process.destroy();
        }
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
