package dev.ponte.console;

import dev.ponte.config.PonteProperties;
import dev.ponte.delivery.ConsumerQueues;
import dev.ponte.delivery.DeadLetterReplay;
import dev.ponte.eventlog.EventLogStore;
import dev.ponte.eventlog.EventLogWriter;
import dev.ponte.publish.EventPublisher;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

import java.time.Clock;

/**
 * The console and its admin API in the management server's own context (listed in
 * {@code META-INF/spring/...ManagementContextConfiguration.imports}), so they answer on
 * {@code management.server.port} only, never on the webhook port. With the management port equal to the server
 * port there is no such context, and no console.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Import({ConsolePageController.class, AdminApiController.class})
@org.springframework.boot.context.properties.EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleManagementConfiguration {

    @Bean
    PersonalData consolePersonalData(ConsoleProperties properties) {
        return new PersonalData(properties.showPersonalData());
    }

    @Bean
    ConsoleAuth consoleAuth(PonteProperties properties, ConsoleProperties console) {
        return new ConsoleAuth(properties.admin().token(), console.sessionTimeout());
    }

    @Bean
    Console console(CamelContext camel, ConsumerQueues consumerQueues, ObjectProvider<EventLogStore> store,
                    ObjectProvider<EventLogWriter> writer, EventPublisher publisher, DeadLetterReplay deadLetters,
                    AmqpAdmin amqp, Clock clock) {
        return new Console(camel, consumerQueues, store.getIfAvailable(), writer.getIfAvailable(), publisher,
                deadLetters, amqp, clock);
    }

    @Bean
    WebMvcConfigurer consoleWeb(ConsoleAuth auth) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(auth).addPathPatterns("/admin", "/admin/**");
            }

            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/admin/assets/webjars/**")
                        .addResourceLocations("classpath:/META-INF/resources/webjars/")
                        .resourceChain(true).addResolver(new LiteWebJarsResourceResolver());
                registry.addResourceHandler("/admin/assets/*.css", "/admin/assets/*.js", "/admin/assets/*.svg")
                        .addResourceLocations("classpath:/console/assets/");
            }
        };
    }
}
