package dev.ponte.management;

import dev.ponte.config.PonteProperties;
import dev.ponte.delivery.DeadLetterReplay;
import org.apache.camel.CamelContext;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * What the management port serves besides actuator: the admin endpoints, and the admin token as the principal of
 * the requests that present it. Loaded in the management child context only (listed in
 * {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports},
 * never component-scanned), so none of it is reachable on the webhook port.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class ManagementConfiguration {

    @Bean
    AdminToken adminToken(PonteProperties properties) {
        return new AdminToken(properties.admin().token());
    }

    @Bean
    FilterRegistrationBean<AdminPrincipalFilter> adminPrincipalFilter(AdminToken token) {
        var registration = new FilterRegistrationBean<>(new AdminPrincipalFilter(token));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    ReplayController replayController(CamelContext camel, DeadLetterReplay replay, AdminToken token) {
        return new ReplayController(camel, replay, token);
    }
}
