package dev.ponte.local;

import dev.ponte.config.PonteProperties;
import dev.ponte.provider.ProviderRegistry;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.amqp.RabbitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Local mode ({@code ponte.embedded.*}): the embedded broker and SMTP server, each only while Ponte is configured to
 * use it, and the start-up banner (in every mode). The routes and the rest of Ponte are the same in both modes.
 */
@Configuration(proxyBeanMethods = false)
public class LocalModeConfiguration {

    static final String EMBEDDED_BROKER = "embeddedBroker";

    /** Started when the bean is created: before the connection factory (see below), so before any connection. */
    @Bean(name = EMBEDDED_BROKER, initMethod = "start", destroyMethod = "close")
    @Conditional(LocalMode.EmbeddedBrokerInUse.class)
    EmbeddedBroker embeddedBroker(EmbeddedProperties embedded, RabbitProperties rabbit, PonteProperties properties) {
        return new EmbeddedBroker(Path.of(embedded.brokerDir()), embedded.amqpPort(), rabbit.determineUsername(),
                rabbit.determinePassword(), properties.publish().exchange(), properties.publish().unroutedQueue());
    }

    /**
     * Every AMQP connection factory depends on the embedded broker: it is started before the first connection and,
     * since Spring destroys dependents first, stopped after the last one is closed.
     */
    @Bean
    @Conditional(LocalMode.EmbeddedBrokerInUse.class)
    static BeanFactoryPostProcessor connectionsAfterEmbeddedBroker() {
        return beanFactory -> {
            for (String name : beanFactory.getBeanNamesForType(ConnectionFactory.class, true, false)) {
                BeanDefinition definition = beanFactory.getBeanDefinition(name);
                String[] dependsOn = definition.getDependsOn() == null ? new String[0] : definition.getDependsOn();
                if (!Arrays.asList(dependsOn).contains(EMBEDDED_BROKER)) {
                    definition.setDependsOn(Stream.concat(Arrays.stream(dependsOn), Stream.of(EMBEDDED_BROKER))
                            .toArray(String[]::new));
                }
            }
        };
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @Conditional(LocalMode.EmbeddedSmtpInUse.class)
    EmbeddedMailServer embeddedMailServer(EmbeddedProperties embedded, Clock clock) {
        return new EmbeddedMailServer(embedded.smtpPort(), Path.of(embedded.mailDir()), clock);
    }

    @Bean
    StartupBanner startupBanner(RabbitProperties rabbit, PonteProperties properties, ProviderRegistry providers,
                                ObjectProvider<EmbeddedBroker> broker, ObjectProvider<EmbeddedMailServer> mail) {
        return new StartupBanner(rabbit, properties, providers, broker.getIfAvailable(), mail.getIfAvailable());
    }
}
