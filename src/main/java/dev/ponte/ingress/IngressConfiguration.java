package dev.ponte.ingress;

import dev.ponte.config.PonteProperties;
import dev.ponte.provider.ProviderRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.time.Clock;

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
    FilterRegistrationBean<WebhookBodyFilter> webhookBodyFilter(PonteProperties properties, WebhookMetrics metrics) {
        var registration = new FilterRegistrationBean<>(
                new WebhookBodyFilter(properties.ingress().maxBodyBytes(), metrics));
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
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
                LoggerFactory.getLogger(IngressConfiguration.class)
                        .warn("RabbitMQ not reachable at start-up ({}); webhooks get 503 until it is", e.getMessage());
            }
        };
    }

    @Bean
    ConfirmedSender confirmedSender(RabbitTemplate template, PonteProperties properties) {
        return new ConfirmedSender(template, properties.publish().confirmTimeout());
    }

    @Bean
    EventPublisher eventPublisher(ConfirmedSender sender, PonteProperties properties) {
        return new EventPublisher(sender, properties.publish());
    }

    @Bean
    IdempotencyStore idempotencyStore(PonteProperties properties) {
        return new MemoryIdempotencyStore(properties.idempotency().retention(),
                properties.idempotency().maxEntries());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    WebhookIngress webhookIngress(ProviderRegistry providers, IdempotencyStore idempotency, EventPublisher publisher,
                                  WebhookMetrics metrics, PonteProperties properties, Clock clock) {
        return new WebhookIngress(providers, idempotency, publisher, metrics, properties.publish(), clock);
    }

    @Bean
    WebhookIngressRoute webhookIngressRoute(WebhookIngress ingress, ProviderRegistry providers,
                                            PonteProperties properties) {
        return new WebhookIngressRoute(ingress, providers, properties.ingress().retryAfter().toSeconds());
    }
}
