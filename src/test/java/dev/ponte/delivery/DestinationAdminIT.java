package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import dev.ponte.support.TestBroker;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against the real broker: what a route file's queue becomes when its spring-rabbitmq consumer declares it, with
 * the component settings of application.yaml, through DestinationAdmin.
 */
class DestinationAdminIT {

    private final String queue = TestBroker.RUN + ".admin-test";

    /** What the consumer of a route file declares (its endpoint's declareElements), as application.yaml sets it. */
    private void declareLikeARouteFile(DestinationAdmin admin, String type, String routingKey) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            SpringRabbitMQComponent component = new SpringRabbitMQComponent();
            component.setConnectionFactory(TestBroker.template().getConnectionFactory());
            component.setDeadLetterExchange(TestBroker.DLX);
            component.setArgs(Map.of("queue.durable", "true", "queue.x-queue-type", type,
                    "dlq.queue.x-queue-type", type));
            camel.addComponent("spring-rabbitmq", component);
            camel.start();
            SpringRabbitMQEndpoint endpoint = camel.getEndpoint("spring-rabbitmq:" + TestBroker.EXCHANGE + "?queues="
                    + queue + "&routingKey=" + routingKey + "&deadLetterQueue=" + queue + ".dlq"
                    + "&deadLetterRoutingKey=" + queue, SpringRabbitMQEndpoint.class);
            endpoint.declareElements(null, admin);
        }
    }

    private static PonteProperties.Delivery delivery(String type) {
        return new PonteProperties.Delivery(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), 0.1, type,
                TestBroker.DLX, TestBroker.QUEUE_PREFIX, null);
    }

    @AfterEach
    void cleanUp() {
        TestBroker.deleteDestination(queue, delivery("classic"));
    }

    @Test
    void queueIsDurableWithItsDeadLetterQueueAndOneBindingPerPattern() throws Exception {
        DestinationAdmin admin = new DestinationAdmin(TestBroker.admin(), TestBroker.EXCHANGE, delivery("classic"));
        declareLikeARouteFile(admin, "classic", "order.paid, subscription.transaction.paid");

        // a message rejected by a consumer lands in the .dlq through the dead-letter exchange
        TestBroker.template().convertAndSend(TestBroker.EXCHANGE, "subscription.transaction.paid", "{\"n\":1}");
        TestBroker.template().convertAndSend(TestBroker.EXCHANGE, "order.paid", "{\"n\":2}");
        TestBroker.template().convertAndSend(TestBroker.EXCHANGE, "order.refunded", "{\"n\":3}");
        assertThat(TestBroker.template().receive(queue, 5_000)).isNotNull();
        assertThat(TestBroker.template().receive(queue, 5_000)).isNotNull();
        assertThat(TestBroker.template().receive(queue, 200)).as("order.refunded is not bound").isNull();
        TestBroker.template().execute(channel -> {
            var got = channel.basicGet(queue, false);
            assertThat(got).isNull();
            return null;
        });
        TestBroker.template().convertAndSend(TestBroker.EXCHANGE, "order.paid", "{\"n\":4}");
        TestBroker.template().execute(channel -> {
            var got = channel.basicGet(queue, false);
            for (int i = 0; got == null && i < 50; i++) {
                Thread.sleep(100);
                got = channel.basicGet(queue, false);
            }
            channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
            return null;
        });
        assertThat(TestBroker.template().receive(queue + ".dlq", 5_000)).isNotNull();
        // the queue is durable: redeclaring it non-durable is refused by the broker
        assertThatThrownBy(() -> TestBroker.admin().declareQueue(new Queue(queue, false)))
                .isInstanceOf(AmqpIOException.class);
    }

    @Test
    void queueTypeQuorumAppliesToTheQueueAndItsDeadLetterQueue() throws Exception {
        DestinationAdmin admin = new DestinationAdmin(TestBroker.admin(), TestBroker.EXCHANGE, delivery("quorum"));
        declareLikeARouteFile(admin, "quorum", "order.paid");
        // redeclaring as classic fails with PRECONDITION_FAILED: the broker holds them as quorum queues
        assertThatThrownBy(() -> TestBroker.admin().declareQueue(QueueBuilder.durable(queue + ".dlq")
                .withArgument("x-queue-type", "classic").build())).isInstanceOf(AmqpIOException.class);
        assertThatThrownBy(() -> TestBroker.admin().declareQueue(QueueBuilder.durable(queue)
                .withArgument("x-queue-type", "classic").build())).isInstanceOf(AmqpIOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "quorum"})
    void aMessageInARetryQueueComesBackToItsQueueAfterItsWait(String type) throws Exception {
        PonteProperties.Delivery delivery = new PonteProperties.Delivery(3, Duration.ofMillis(200), 2.0,
                Duration.ofSeconds(2), 0.0, type, TestBroker.DLX, TestBroker.QUEUE_PREFIX, null);
        DestinationAdmin admin = new DestinationAdmin(TestBroker.admin(), TestBroker.EXCHANGE, delivery);
        RetrySchedule schedule = new RetrySchedule(delivery);
        assertThat(schedule.tiers()).containsExactly(200L, 400L, 2000L);
        try {
            declareLikeARouteFile(admin, type, "never.sent");
            for (long ttl : schedule.tiers()) {
                assertThat(TestBroker.admin().getQueueInfo(RetrySchedule.retryQueue(queue, ttl)))
                        .as("retry queue of %d ms", ttl).isNotNull();
            }
            // the queue's TTL brings it back, and a shorter expiration of its own sooner
            MessageProperties props = new MessageProperties();
            props.setHeader("x-ponte-attempts", 1);
            TestBroker.template().send("", RetrySchedule.retryQueue(queue, 2000), new Message("{\"n\":1}".getBytes(), props));
            MessageProperties shorter = new MessageProperties();
            shorter.setExpiration("300");
            TestBroker.template().send("", RetrySchedule.retryQueue(queue, 400), new Message("{\"n\":2}".getBytes(), shorter));
            Message first = TestBroker.receive(queue, 10_000);
            Message second = TestBroker.receive(queue, 10_000);
            assertThat(first).isNotNull();
            assertThat(new String(first.getBody())).isEqualTo("{\"n\":2}");
            assertThat(second).isNotNull();
            assertThat(second.getMessageProperties().getHeaders()).containsEntry("x-ponte-attempts", 1);
            assertThat(TestBroker.messageCount(queue + ".dlq")).isZero();
        } finally {
            TestBroker.deleteDestination(queue, delivery);
        }
    }

    @Test
    void aQueueThatDoesNotDeadLetterGetsNoRetryQueues() {
        DestinationAdmin admin = new DestinationAdmin(TestBroker.admin(), TestBroker.EXCHANGE, delivery("classic"));
        admin.declareQueue(QueueBuilder.durable(queue).build());
        assertThat(TestBroker.admin().getQueueInfo(queue)).isNotNull();
        for (String retry : new RetrySchedule(delivery("classic")).retryQueues(queue)) {
            assertThat(TestBroker.admin().getQueueInfo(retry)).as(retry).isNull();
        }
    }

    @Test
    void theEventsExchangeIsNeverRedeclaredByARouteFile() {
        DestinationAdmin admin = new DestinationAdmin(TestBroker.admin(), TestBroker.EXCHANGE, delivery("classic"));
        // Camel would declare it as a plain direct exchange: that would clash with Ponte's topic exchange
        admin.declareExchange(new org.springframework.amqp.core.DirectExchange(TestBroker.EXCHANGE));
        assertThat(TestBroker.admin().getQueueInfo(TestBroker.PARKED)).isNotNull();
    }

    @Test
    void invalidQueueTypeIsRefused() {
        assertThatThrownBy(() -> delivery("lazy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classic or quorum");
    }
}
