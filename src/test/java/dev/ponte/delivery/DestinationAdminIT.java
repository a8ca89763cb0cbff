package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import dev.ponte.support.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against the real broker: what the route files' queues become when declared through DestinationAdmin. */
class DestinationAdminIT {

    private final String queue = TestBroker.RUN + ".admin-test";

    private static PonteProperties.Delivery delivery(String type) {
        return new PonteProperties.Delivery(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), 0.1, type,
                TestBroker.DLX, TestBroker.QUEUE_PREFIX);
    }

    @AfterEach
    void cleanUp() {
        TestBroker.delete(queue);
        TestBroker.delete(queue + ".dlq");
    }

    @Test
    void queueIsDurableWithItsDeadLetterQueueAndOneBindingPerPattern() {
        DestinationAdmin admin = new DestinationAdmin(TestBroker.admin(), TestBroker.EXCHANGE, delivery("classic"));
        admin.declareQueue(QueueBuilder.nonDurable(queue).build());
        admin.declareBinding(new Binding(queue, Binding.DestinationType.QUEUE, TestBroker.EXCHANGE,
                "order.paid, subscription.transaction.paid", Map.of()));

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
    void queueTypeQuorumAppliesToTheQueueAndItsDeadLetterQueue() {
        DestinationAdmin admin = new DestinationAdmin(TestBroker.admin(), TestBroker.EXCHANGE, delivery("quorum"));
        admin.declareQueue(QueueBuilder.durable(queue).build());
        // redeclaring as classic fails with PRECONDITION_FAILED: the broker holds them as quorum queues
        assertThatThrownBy(() -> TestBroker.admin().declareQueue(QueueBuilder.durable(queue + ".dlq")
                .withArgument("x-queue-type", "classic").build())).isInstanceOf(AmqpIOException.class);
        assertThatThrownBy(() -> TestBroker.admin().declareQueue(QueueBuilder.durable(queue)
                .withArgument("x-queue-type", "classic").build())).isInstanceOf(AmqpIOException.class);
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
