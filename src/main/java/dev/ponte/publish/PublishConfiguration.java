package dev.ponte.publish;

import dev.ponte.config.PonteProperties;
import dev.ponte.http.WebhookMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.amqp.ConnectionFactoryCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Publishing with confirms: the AMQP client, the topology, the confirmed sender, the spool and its drain, the
 * {@code ponte-publish} component of the webhook route.
 */
@Configuration(proxyBeanMethods = false)
public class PublishConfiguration {

    /**
     * The AMQP client in NIO mode: with blocking sockets every publish is its own write and flush; here the client's
     * I/O thread writes the frames of concurrent publishes together, fewer system calls for the same events
     * (measured in docs/BENCHMARKS.md).
     */
    @Bean
    ConnectionFactoryCustomizer amqpNonBlockingIo() {
        return factory -> factory.useNio();
    }

    @Bean
    Declarables ponteTopology(PonteProperties properties) {
        return RabbitTopology.declarables(properties.publish());
    }

    /**
     * Declares the topology as soon as the app is ready, so destinations and tests can bind to the exchange
     * before the first webhook; while the broker is down this only logs, and RabbitAdmin declares everything
     * again on every new connection.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> declareTopologyWhenReady(AmqpAdmin admin) {
        return event -> {
            try {
                if (admin instanceof RabbitAdmin rabbitAdmin) {
                    rabbitAdmin.initialize();
                }
            } catch (AmqpException e) {
                // BrokerOutageReporter says what webhooks get meanwhile
                LoggerFactory.getLogger(PublishConfiguration.class)
                        .info("RabbitMQ not reachable at start-up; exchange and queues are declared once it is");
            }
        };
    }

    @Bean
    ConfirmedSender confirmedSender(ConnectionFactory connectionFactory, PonteProperties properties) {
        return new ConfirmedSender(connectionFactory, properties.publish().confirmTimeout(),
                properties.publish().channels());
    }

    @Bean
    EventPublisher eventPublisher(ConfirmedSender sender, PonteProperties properties) {
        return new EventPublisher(sender, properties.publish());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "ponte.spool.enabled", havingValue = "true", matchIfMissing = true)
    EventSpool eventSpool(PonteProperties properties, MeterRegistry registry) {
        EventSpool spool = new EventSpool(Path.of(properties.spool().dir()), properties.spool().maxBytes().toBytes());
        Gauge.builder("ponte.spool.depth", spool, EventSpool::depth)
                .description("Events waiting in the local spool for the broker").register(registry);
        Gauge.builder("ponte.spool.oldest.age", spool, s -> s.oldestReceivedAt() == null ? 0
                        : Duration.between(s.oldestReceivedAt(), Instant.now()).toMillis() / 1000.0)
                .description("Age of the oldest spooled event").baseUnit("seconds").register(registry);
        return spool;
    }

    @Bean
    @ConditionalOnProperty(name = "ponte.spool.enabled", havingValue = "true", matchIfMissing = true)
    SpoolDrain spoolDrain(EventSpool spool, EventPublisher publisher, WebhookMetrics metrics,
                          PonteProperties properties) {
        return new SpoolDrain(spool, publisher, metrics, properties.spool().drainInterval(),
                properties.spool().drainBatch());
    }

    @Bean
    BrokerOutageReporter brokerOutageReporter(RabbitTemplate template, ObjectProvider<EventSpool> spool,
                                              PonteProperties properties) {
        return new BrokerOutageReporter(template, spool.getIfAvailable(), properties.spool().dir(),
                Duration.ofMinutes(1));
    }

    /** {@code ponte-publish}: the publish step of the webhook route. */
    @Bean("ponte-publish")
    PublishComponent pontePublishComponent(EventPublisher publisher, ObjectProvider<EventSpool> spool) {
        return new PublishComponent(publisher, spool.getIfAvailable());
    }
}
