package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import dev.ponte.publish.ConfirmedSender;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.NamedNode;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Properties;

/** The second stage: what the destination route files in {@code routes/} use. */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

    /** Not an AmqpAdmin bean itself: Spring Boot's RabbitAdmin must stay the application's admin. */
    record Declarations(DestinationAdmin admin) {
    }

    @Bean
    BrokerProduct brokerProduct(ConnectionFactory connectionFactory) {
        return new BrokerProduct(connectionFactory);
    }

    @Bean
    Declarations destinationDeclarations(AmqpAdmin amqpAdmin, PonteProperties properties,
                                         ConnectionFactory connectionFactory, BrokerProduct brokerProduct) {
        DestinationAdmin admin = new DestinationAdmin(amqpAdmin, properties.publish().exchange(), properties.delivery(),
                brokerProduct::isQpid);
        if (connectionFactory instanceof CachingConnectionFactory caching) {
            caching.addConnectionListener(connection -> admin.apply());
        }
        return new Declarations(admin);
    }

    /**
     * Every spring-rabbitmq consumer declares through {@link DestinationAdmin} (the rest of the consumers' settings
     * are {@code camel.component.spring-rabbitmq.*} in application.yaml).
     */
    @Bean
    ComponentCustomizer destinationConsumerDefaults(Declarations declarations) {
        return ComponentCustomizer.forType(SpringRabbitMQComponent.class,
                component -> component.setAmqpAdmin(declarations.admin()));
    }

    /**
     * Every HTTP destination: timeouts, no redirects, the SSRF check of each address connected to and the cap on
     * response bodies ({@link GuardedHttpConnections}).
     */
    @Bean
    ComponentCustomizer forwardTimeouts(PonteProperties properties) {
        int millis = (int) properties.forward().timeout().toMillis();
        ForwardTargetGuard guard = new ForwardTargetGuard(properties.forward().allowPrivate());
        return ComponentCustomizer.forType(HttpComponent.class, component -> {
            GuardedHttpConnections.apply(component, guard, properties.forward().timeout());
            component.setConnectTimeout(millis);
            component.setConnectionRequestTimeout(millis);
            component.setResponseTimeout(millis);
            component.setSoTimeout(millis);
            component.setFollowRedirects(false);
            // also camel.component.http.automatic-retries-disabled (the starter applies its properties after this)
            component.setAutomaticRetriesDisabled(true);
        });
    }

    /** SMTP credentials and STARTTLS of the alert mails, so they never appear in a route file or endpoint URI. */
    @Bean
    ComponentCustomizer alertMailSettings(PonteProperties properties) {
        PonteProperties.Mail mail = properties.alerts().mail();
        return ComponentCustomizer.forType(MailComponent.class, component -> {
            MailConfiguration configuration = component.getConfiguration();
            if (mail.username() != null && !mail.username().isBlank()) {
                configuration.setUsername(mail.username());
                configuration.setPassword(mail.password());
            }
            Properties javaMail = new Properties();
            javaMail.setProperty("mail.smtp.starttls.enable", String.valueOf(mail.starttls()));
            javaMail.setProperty("mail.smtp.starttls.required", String.valueOf(mail.starttls()));
            // the server's certificate must name the host (JavaMail does not check it unless told to)
            javaMail.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            configuration.setAdditionalJavaMailProperties(javaMail);
            configuration.setConnectionTimeout(10_000);
        });
    }

    @Bean
    ConsumerQueues consumerQueues(PonteProperties properties) {
        return new ConsumerQueues(properties);
    }

    @Bean
    DeadLetterDepth deadLetterDepth(CamelContext camel, ConsumerQueues consumerQueues, AmqpAdmin admin,
                                    MeterRegistry registry, ConnectionFactory connectionFactory,
                                    PonteProperties properties, Clock clock) {
        return new DeadLetterDepth(camel, consumerQueues, admin, registry, connectionFactory,
                properties.delivery().queueType(), clock);
    }

    @Bean
    DeliveryMetrics deliveryMetrics(MeterRegistry registry) {
        return new DeliveryMetrics(registry);
    }

    @Bean
    DeadLetters deadLetters(ConfirmedSender sender, DeliveryMetrics metrics, Clock clock) {
        return new DeadLetters(sender, metrics, clock);
    }

    @Bean
    DeliveryFailures deliveryFailures(PonteProperties properties, DeadLetters deadLetters, ConfirmedSender sender,
                                      DeliveryMetrics metrics, Clock clock, BrokerProduct brokerProduct) {
        return new DeliveryFailures(properties.delivery(), deadLetters, sender, metrics, clock,
                () -> !brokerProduct.isQpid());
    }

    /** Also the health contributor {@code destinationCircuits}: the state of each destination's circuit. */
    @Bean
    DestinationCircuits destinationCircuits(PonteProperties properties, MeterRegistry registry) {
        return new DestinationCircuits(properties.delivery().circuitBreaker(), registry);
    }

    /**
     * Around each try of every destination route: the circuit breaker, the delivered count and the
     * {@link DeliveryAttemptListener}s. A route naming {@value DeliveryRoutePolicy#ROUTE_CONFIGURATION} stops
     * start-up when that route configuration (routes/ponte-delivery.yaml) is not loaded, or when its consumer names
     * no dead-letter queue.
     */
    @Bean
    RoutePolicyFactory deliveryOutcomes(DestinationCircuits circuits, DeliveryMetrics metrics,
                                        ObjectProvider<DeliveryAttemptListener> listeners, Clock clock) {
        DeliveryRoutePolicy policy = new DeliveryRoutePolicy(circuits, metrics,
                () -> listeners.orderedStream().toList(), clock);
        return new RoutePolicyFactory() {
            @Override
            public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
                if (route instanceof RouteDefinition old && "queue".equals(old.getGroup())) {
                    // such a route file would no longer declare its queue, and its bindings would be removed
                    throw new IllegalStateException("route " + routeId + " is in group 'queue', the former way of "
                            + "declaring a queue for your consumers: list it in ponte.queues instead (name and "
                            + "routing-keys) and delete the route file");
                }
                if (!(route instanceof RouteDefinition definition)
                        || !DeliveryRoutePolicy.ROUTE_CONFIGURATION.equals(definition.getRouteConfigurationId())) {
                    return null;
                }
                DeliveryRoutePolicy.checkConventions(camelContext, definition);
                return policy;
            }
        };
    }

    @Bean
    ChargebackAlertMail chargebackAlertMail(PonteProperties properties) {
        if (properties.alerts().chargeback().to().isEmpty()) {
            LoggerFactory.getLogger(DeliveryConfiguration.class).warn("ponte.alerts.chargeback.to is empty: "
                    + "chargeback alerts go to the dead-letter queue until a recipient is set");
        }
        return new ChargebackAlertMail(properties.alerts());
    }

    @Bean
    StandardWebhooksSigner standardWebhooksSigner(PonteProperties properties, Clock clock) {
        return new StandardWebhooksSigner(properties.forward(),
                new ForwardTargetGuard(properties.forward().allowPrivate()), clock);
    }

    @Bean
    DeadLetterReplay deadLetterReplay(ConnectionFactory connectionFactory, PonteProperties properties) {
        return new DeadLetterReplay((AbstractConnectionFactory) connectionFactory,
                properties.publish().confirmTimeout());
    }

    /**
     * Declares the queues for consumers ({@code ponte.queues}) once Camel has started its routes (in tests Camel
     * starts after the Spring context); DestinationAdmin declares them again on every new broker connection. Then
     * removes the bindings no running route claims ({@link DestinationBindings}).
     */
    @Bean
    CamelContextConfiguration declareConsumerQueues(PonteProperties properties, ConnectionFactory connectionFactory,
                                                    Declarations declarations, ConsumerQueues queues) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                DestinationBindings bindings = new DestinationBindings(camelContext, queues,
                        (AbstractConnectionFactory) connectionFactory, properties.publish().exchange(),
                        properties.delivery().queuePrefix(), properties.delivery().queueType(),
                        properties.publish().confirmTimeout());
                if (connectionFactory instanceof CachingConnectionFactory caching) {
                    caching.addConnectionListener(connection -> bindings.reconcileIfPending());
                }
                try {
                    camelContext.addStartupListener(new ExtendedStartupListener() {
                    @Override
                    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                    }

                    @Override
                    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                        queues.declareAll(declarations.admin());
                        bindings.reconcileIfPending();
                    }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }
}
