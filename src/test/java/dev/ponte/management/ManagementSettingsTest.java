package dev.ponte.management;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import java.net.InetAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The management settings Ponte runs with, bound from application.yaml (and application-local.yaml) as the app does. */
class ManagementSettingsTest {

    private static Binder binder(Map<String, Object> environment, String... files) throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        for (String file : files) {
            new YamlPropertySourceLoader().load(file, new ClassPathResource(file))
                    .forEach(source -> env.getPropertySources().addFirst(source));
        }
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-environment", environment));
        return new Binder(ConfigurationPropertySources.get(env),
                new org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver(env));
    }

    @Test
    void managementIsOnPort8081OnEveryInterfaceByDefault() throws Exception {
        Binder binder = binder(Map.of(), "application.yaml");
        ManagementServerProperties management = binder.bindOrCreate("management.server",
                ManagementServerProperties.class);
        assertThat(management.getPort()).isEqualTo(8081);
        assertThat(management.getAddress()).isNull();
        assertThat(binder.bind("server.port", Integer.class).get()).isEqualTo(8080);
        HealthEndpointProperties health = binder.bindOrCreate("management.endpoint.health",
                HealthEndpointProperties.class);
        assertThat(health.getShowDetails()).isEqualTo(Show.WHEN_AUTHORIZED);
        assertThat(health.getShowComponents()).isNull();
    }

    @Test
    void portAndAddressAreSettable() throws Exception {
        Binder binder = binder(Map.of("MANAGEMENT_SERVER_PORT", "9090", "MANAGEMENT_SERVER_ADDRESS", "127.0.0.1"),
                "application.yaml");
        ManagementServerProperties management = binder.bindOrCreate("management.server",
                ManagementServerProperties.class);
        assertThat(management.getPort()).isEqualTo(9090);
        assertThat(management.getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void localModeKeepsManagementOnLoopback() throws Exception {
        ManagementServerProperties management = binder(Map.of(), "application.yaml", "application-local.yaml")
                .bindOrCreate("management.server", ManagementServerProperties.class);
        assertThat(management.getPort()).isEqualTo(8081);
        assertThat(management.getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
    }
}
