package dev.ponte.http;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The webhook port ({@code server.port}) is public: it serves the webhooks only. Actuator and the admin endpoints
 * are on the management port ({@code management.server.port}, 8081 by default), which start-up refuses to share
 * with the webhook port.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookPortConfiguration {

    @Bean
    FilterRegistrationBean<WebhookPortFilter> webhookPortFilter(Environment environment) {
        if (ManagementPortType.get(environment) == ManagementPortType.SAME) {
            throw new IllegalStateException("management.server.port must differ from server.port ("
                    + environment.getProperty("server.port", "8080") + "): actuator and the admin endpoints are "
                    + "never served on the webhook port");
        }
        var registration = new FilterRegistrationBean<>(new WebhookPortFilter());
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
