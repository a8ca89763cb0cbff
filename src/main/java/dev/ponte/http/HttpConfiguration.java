package dev.ponte.http;

import dev.ponte.config.PonteProperties;
import dev.ponte.provider.ProviderRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The webhook endpoint: the body filter, the engine that runs the route on the request thread, the metrics. */
@Configuration(proxyBeanMethods = false)
public class HttpConfiguration {

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
}
