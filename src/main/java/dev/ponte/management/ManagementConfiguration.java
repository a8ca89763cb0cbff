package dev.ponte.management;

import dev.ponte.config.PonteProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The admin token as the principal of the management port's requests that present it (actuator's health details).
 * The admin API and the console: {@code dev.ponte.console.ConsoleManagementConfiguration}. Loaded in the management child context only (listed in
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
}
