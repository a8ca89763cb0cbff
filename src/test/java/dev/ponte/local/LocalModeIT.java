package dev.ponte.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.ponte.PonteApplication;
import dev.ponte.event.EventJson;
import dev.ponte.publish.ConfirmedSender;
import dev.ponte.support.Fixtures;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Local mode as {@code ./mvnw spring-boot:run} starts it (profile {@code local}): the embedded broker and SMTP
 * server, the shipped route files, a real webhook over HTTP. Checked through the embedded broker's AMQP port with
 * Spring AMQP, as any RabbitMQ client would; and across a restart on the same data folder.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalModeIT {

    /** The secret of src/test/resources/fixtures/cakto/*.json. */
    static final String CAKTO_SECRET = "b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37";

    @TempDir
    static Path data;
    static int amqpPort;
    static int smtpPort;
    static ConfigurableApplicationContext app;
    static CachingConnectionFactory connections;

    @BeforeAll
    static void startLocalMode() throws IOException {
        // .ci/run runs this class on JDK 17 when the suite itself runs on a newer one
        org.junit.jupiter.api.Assumptions.assumeTrue(
                EmbeddedBroker.unsupportedJava(Runtime.version().feature()).isEmpty(),
                "the embedded broker needs Java 17 to " + EmbeddedBroker.NEWEST_SUPPORTED_JAVA);
        amqpPort = freePort();
        smtpPort = freePort();
        app = start();
    }

    @AfterAll
    static void stop() {
        if (connections != null) {
            connections.destroy();
        }
        if (app != null) {
            app.close();
        }
    }

    private static ConfigurableApplicationContext start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PonteApplication.class)
                .profiles("local")
                .run("--server.port=0",
                        "--management.server.port=0",
                        "--ponte.embedded.amqp-port=" + amqpPort,
                        "--ponte.embedded.smtp-port=" + smtpPort,
                        "--ponte.embedded.broker-dir=" + data.resolve("broker"),
                        "--ponte.embedded.mail-dir=" + data.resolve("mail"),
                        "--ponte.spool.dir=" + data.resolve("spool"),
                        "--ponte.providers.cakto.secrets=" + CAKTO_SECRET);
        connections = new CachingConnectionFactory("127.0.0.1", amqpPort);
        connections.setUsername("guest");
        connections.setPassword("guest");
        return context;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static WebhookClient webhooks() {
        return new WebhookClient(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    private static RabbitAdmin admin() {
        return new RabbitAdmin(connections);
    }

    private static RabbitTemplate template() {
        return new RabbitTemplate(connections);
    }

    private static JsonNode json(Message message) throws IOException {
        return EventJson.mapper().readTree(message.getBody());
    }

    private static int depth(String queue) {
        Properties info = admin().getQueueProperties(queue);
        return info == null ? -1 : ((Number) info.get(RabbitAdmin.QUEUE_MESSAGE_COUNT)).intValue();
    }

    private static List<Path> mails() throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("mail"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList();
        }
    }

    private static Optional<MimeMessage> mailMentioning(String text) throws Exception {
        for (Path file : mails()) {
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), in);
                if (mail.getSubject() != null && mail.getSubject().contains(text)) {
                    return Optional.of(mail);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    @Order(1)
    void aChargebackWebhookIsPublishedToTheEmbeddedBrokerAndMailedToAFile() throws Exception {
        assertThat(app.getBeansOfType(EmbeddedBroker.class)).hasSize(1);
        assertThat(app.getBeansOfType(EmbeddedMailServer.class)).hasSize(1);
        // a queue of this test on the embedded broker, bound to Ponte's exchange like any consumer's
        Queue disputes = QueueBuilder.durable("local-test.disputes").build();
        admin().declareQueue(disputes);
        admin().declareBinding(BindingBuilder.bind(disputes).to(new TopicExchange("ponte.events")).with("#.disputed"));

        byte[] fixture = Fixtures.bytes("cakto", "chargeback.json");
        String orderId = EventJson.mapper().readTree(fixture).path("data").path("id").asText();
        Response response = webhooks().post("/webhooks/cakto", fixture);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo("accepted");
        String eventId = response.json().path("id").asText();

        Message published = template().receive(disputes.getName(), 10_000);
        assertThat(published).as("event on the embedded broker").isNotNull();
        assertThat(published.getMessageProperties().getMessageId()).isEqualTo(eventId);
        assertThat(published.getMessageProperties().getReceivedRoutingKey()).isEqualTo("order.disputed");
        assertThat(published.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(json(published).path("order").path("id").asText()).isEqualTo(orderId);

        await().atMost(Duration.ofSeconds(20)).until(() -> mailMentioning(orderId).isPresent());
        MimeMessage mail = mailMentioning(orderId).orElseThrow();
        assertThat(mail.getRecipients(jakarta.mail.Message.RecipientType.TO))
                .containsExactly(new InternetAddress("ops@localhost"));
        assertThat(new String(Files.readAllBytes(mails().get(0)), StandardCharsets.UTF_8))
                .contains("Return-Path:").contains("Received:");
        assertThat(mails()).as("one file per mail").hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> depth("ponte.chargeback-alert") == 0);
        admin().deleteQueue(disputes.getName());
    }

    @Test
    @Order(2)
    void theEmbeddedBrokerKeepsRabbitMqSemanticsPonteReliesOn() throws Exception {
        // an event no queue is bound to goes to the alternate exchange: Ponte's publisher gets an ack and no return
        // (send throws BrokerUnavailableException on a nack or a return)
        app.getBean(ConfirmedSender.class).send("ponte.events", "nobody.listens",
                new Message("{}".getBytes(StandardCharsets.UTF_8)), "unrouted-1");
        assertThat(template().receive("ponte.unrouted", 5_000)).as("kept in ponte.unrouted").isNotNull();

        // a message a consumer rejects without requeue is dead-lettered into <queue>.dlq at once
        template().send("", "ponte.paid-orders", new Message("reject me".getBytes()));
        try (Connection connection = connections.createConnection();
             Channel channel = connection.createChannel(false)) {
            GetResponse delivery = channel.basicGet("ponte.paid-orders", false);
            assertThat(delivery).isNotNull();
            channel.basicReject(delivery.getEnvelope().getDeliveryTag(), false);
        }
        Message dead = template().receive("ponte.paid-orders.dlq", 5_000);
        assertThat(dead).as("dead-lettered").isNotNull();
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("reject me");
        assertThat(depth("ponte.paid-orders")).isZero();
    }

    @Test
    @Order(3)
    void eventsSurviveARestartOfTheLocalApp() throws Exception {
        Response paid = webhooks().post("/webhooks/cakto", Fixtures.bytes("cakto", "purchase_approved.json"));
        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
        String eventId = paid.json().path("id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> depth("ponte.paid-orders") == 1);

        connections.destroy();
        app.close();
        try (Socket ignored = new Socket("127.0.0.1", amqpPort)) {
            throw new AssertionError("the embedded broker still listens after the app closed");
        } catch (IOException expected) {
            // stopped with the app
        }
        app = start();

        Message kept = template().receive("ponte.paid-orders", 10_000);
        assertThat(kept).as("the event published before the restart").isNotNull();
        assertThat(kept.getMessageProperties().getMessageId()).isEqualTo(eventId);
        assertThat(json(kept).path("type").asText()).isEqualTo("order.paid");
        assertThat(mails()).as("the mail folder is kept too").hasSize(1);
        assertThat(depth("ponte.chargeback-alert.dlq")).as("no alert dead-lettered").isZero();
    }
}
