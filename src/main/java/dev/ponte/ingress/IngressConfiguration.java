package dev.ponte.ingress;

import dev.ponte.http.WebhookBodyFilter;
import dev.ponte.http.WebhookHttpEngine;
import dev.ponte.http.WebhookMetrics;
import dev.ponte.http.WebhookOutcomeListener;
import dev.ponte.idempotency.IdempotencyGate;
import dev.ponte.idempotency.IdempotencyPurge;
import dev.ponte.idempotency.IdempotencyStore;
import dev.ponte.idempotency.JdbcIdempotencyConfiguration;
import dev.ponte.idempotency.MemoryIdempotencyStore;
import dev.ponte.idempotency.SqliteIdempotencyStore;
import dev.ponte.publish.BrokerOutageReporter;
import dev.ponte.publish.ConfirmedSender;
import dev.ponte.publish.EventPublisher;
import dev.ponte.publish.EventSpool;
import dev.ponte.publish.RabbitTopology;
import dev.ponte.publish.SpoolDrain;

import dev.ponte.config.PonteProperties;
import dev.ponte.provider.ProviderRegistry;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.amqp.ConnectionFactoryCustomizer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

@Configuration(proxyBeanMethods = false)
public class IngressConfiguration {

    @Bean
    ProviderRegistry providerRegistry(PonteProperties properties) {
        return new ProviderRegistry(properties.providers());
    }

    @Bean
    WebhookMetrics webhookMetrics(MeterRegistry registry, ProviderRegistry providers) {
        return new WebhookMetrics(registry, providers);
    }

    @Bean
    FilterRegistrationBean<WebhookBodyFilter> webhookBodyFilter(PonteProperties properties, WebhookMetrics metrics,
                                                                ObjectProvider<WebhookOutcomeListener> listeners) {
        var registration = new FilterRegistrationBean<>(new WebhookBodyFilter(properties.ingress().maxBodyBytes(),
                properties.ingress().bodyTimeout(), metrics, listeners.orderedStream().toList()));
        registration.addUrlPatterns("/webhooks/*");
        // ASYNC: the route runs in the dispatch that follows a body read without a thread
        registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ASYNC);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean(name = "platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port) {
        return new WebhookHttpEngine(port);
    }

    /**
     * The AMQP client in NIO mode: with blocking sockets every publish is its own write and flush; here the client's
     * I/O thread writes the frames of concurrent publishes together. Measured with the bench's load: 8 % less CPU
     * per webhook and 14 % more webhooks/s (docs/BENCHMARKS.md).
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
                LoggerFactory.getLogger(IngressConfiguration.class)
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

    /** The default store: this machine's ids, kept across restarts; jdbc (JdbcIdempotencyConfiguration) shares them. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "ponte.idempotency.store", havingValue = "sqlite", matchIfMissing = true)
    SqliteIdempotencyStore idempotencyStore(PonteProperties properties, Clock clock) {
        PonteProperties.Idempotency idempotency = properties.idempotency();
        return new SqliteIdempotencyStore(Path.of(idempotency.dir()), idempotency.retention(),
                idempotency.maxEntries(), clock);
    }

    @Bean
    @ConditionalOnProperty(name = "ponte.idempotency.store", havingValue = "sqlite", matchIfMissing = true)
    IdempotencyPurge sqliteIdempotencyPurge(SqliteIdempotencyStore store, PonteProperties properties) {
        return new IdempotencyPurge(store::purge, properties.idempotency().purgeInterval());
    }

    /** {@code ponte.idempotency.store=memory}: this process's ids only, forgotten on restart. */
    @Bean
    @ConditionalOnProperty(name = "ponte.idempotency.store", havingValue = "memory")
    MemoryIdempotencyStore memoryIdempotencyStore(PonteProperties properties) {
        return new MemoryIdempotencyStore(properties.idempotency().retention(),
                properties.idempotency().maxEntries());
    }

    @Bean
    IdempotencyGate idempotencyGate(IdempotencyStore store, PonteProperties properties, MeterRegistry registry) {
        return new IdempotencyGate(store, properties.idempotency().store().name().toLowerCase(java.util.Locale.ROOT),
                properties.idempotency().retryInterval(), registry);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
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

    @Bean("ponteIngress")
    IngressHealthIndicator ponteIngressHealth(RabbitTemplate template, ObjectProvider<EventSpool> spool,
                                              IdempotencyGate idempotency) {
        return new IngressHealthIndicator(template, spool.getIfAvailable(), idempotency);
    }

    @Bean
    WebhookIngress webhookIngress(ProviderRegistry providers, IdempotencyGate idempotency, EventPublisher publisher,
                                  ObjectProvider<EventSpool> spool, WebhookMetrics metrics,
                                  PonteProperties properties, Clock clock,
                                  ObjectProvider<WebhookOutcomeListener> listeners) {
        return new WebhookIngress(providers, idempotency::claim, publisher, spool.getIfAvailable(), metrics,
                properties.publish(), clock, listeners.orderedStream().toList());
    }

    @Bean
    WebhookIngressRoute webhookIngressRoute(WebhookIngress ingress, ProviderRegistry providers,
                                            PonteProperties properties) {
        return new WebhookIngressRoute(ingress, providers, properties.ingress().retryAfter().toSeconds());
    }
}
