package dev.ponte.ingress;

import dev.ponte.config.PonteProperties;
import dev.ponte.http.WebhookMetrics;
import dev.ponte.http.WebhookOutcomeListener;
import dev.ponte.idempotency.IdempotencyGate;
import dev.ponte.provider.ProviderRegistry;
import dev.ponte.publish.EventSpool;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** The webhook route and its steps, wired to the providers, the idempotency gate and the publish component. */
@Configuration(proxyBeanMethods = false)
public class IngressConfiguration {

    @Bean
    ProviderRegistry providerRegistry(PonteProperties properties) {
        return new ProviderRegistry(properties.providers());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean("ponteIngress")
    IngressHealthIndicator ponteIngressHealth(RabbitTemplate template, ObjectProvider<EventSpool> spool,
                                              IdempotencyGate idempotency) {
        return new IngressHealthIndicator(template, spool.getIfAvailable(), idempotency);
    }

    @Bean
    WebhookIngressRoute webhookIngressRoute(ProviderRegistry providers, IdempotencyGate idempotency,
                                            WebhookMetrics metrics, PonteProperties properties, Clock clock,
                                            ObjectProvider<WebhookOutcomeListener> listeners) {
        WebhookOutcomes outcomes = new WebhookOutcomes(metrics, clock, listeners.orderedStream().toList());
        // a concurrent delivery of the same event waits for the one in flight at most this long
        Duration claimWait = properties.publish().confirmTimeout().plusSeconds(1);
        return new WebhookIngressRoute(providers, new ReceiveStep(clock, outcomes.listened()), new AssembleStep(clock),
                new IdempotencyStep(idempotency, claimWait), new AnswerStep(outcomes, metrics), outcomes,
                properties.ingress().retryAfter().toSeconds());
    }
}
