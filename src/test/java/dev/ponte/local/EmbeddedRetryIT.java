package dev.ponte.local;

import dev.ponte.config.PonteProperties;
import dev.ponte.delivery.DeliveryFailures;
import dev.ponte.delivery.DestinationAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local mode's embedded broker (Qpid) has its own way of making a retry wait: the event goes back into its queue
 * held until its next try, and the events behind it are delivered meanwhile.
 */
class EmbeddedRetryIT {

    @Test
    void aMessageInARetryQueueComesBackToItsQueue() throws Exception {
        // .ci/run runs this class on JDK 17 when the suite itself runs on a newer one
        org.junit.jupiter.api.Assumptions.assumeTrue(
                EmbeddedBroker.unsupportedJava(Runtime.version().feature()).isEmpty(),
                "the embedded broker needs Java 17 to " + EmbeddedBroker.NEWEST_SUPPORTED_JAVA);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("ponte-embedded-retry");
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, port, "guest", "guest", "ponte.events", "ponte.unrouted")) {
            broker.start();
            CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", port);
            connections.setUsername("guest");
            connections.setPassword("guest");
            try {
                PonteProperties.Delivery delivery = new PonteProperties.Delivery(2, Duration.ofMillis(200), 2.0,
                        Duration.ofSeconds(1), 0.0, "classic", "ponte.dlx", "ponte.", null);
                DestinationAdmin admin = new DestinationAdmin(new RabbitAdmin(connections), "ponte.events", delivery,
                        new dev.ponte.delivery.BrokerProduct(connections)::isQpid);
                // as a route file's consumer declares it: dead-lettering into its .dlq
                admin.declareQueue(QueueBuilder.durable("ponte.retry-test").deadLetterExchange("ponte.dlx")
                        .deadLetterRoutingKey("ponte.retry-test").build());
                RabbitTemplate template = new RabbitTemplate(connections);
                MessageProperties props = new MessageProperties();
                props.setHeader("x-ponte-attempts", 1);
                long due = System.currentTimeMillis() + 1_500;
                props.setHeader(DeliveryFailures.QPID_NOT_VALID_BEFORE, due);
                template.send("", "ponte.retry-test", new Message("{\"n\":1}".getBytes(), props));
                template.send("", "ponte.retry-test", new Message("{\"n\":2}".getBytes(), new MessageProperties()));
                // the held retry does not hold up the event behind it
                Message next = template.receive("ponte.retry-test", 10_000);
                assertThat(next).isNotNull();
                assertThat(new String(next.getBody())).isEqualTo("{\"n\":2}");
                Message back = template.receive("ponte.retry-test", 30_000);
                assertThat(back).as("back after its wait").isNotNull();
                assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(due);
                assertThat(back.getMessageProperties().getHeaders()).containsEntry("x-ponte-attempts", 1);
            } finally {
                connections.destroy();
            }
        }
    }
}
