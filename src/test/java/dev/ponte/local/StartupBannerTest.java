package dev.ponte.local;

import dev.ponte.config.PonteProperties;
import dev.ponte.provider.ProviderRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.amqp.RabbitProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The banner's console line: the URL on the management port, never the token. */
class StartupBannerTest {

    private static StartupBanner banner(Map<String, String> settings) {
        PonteProperties properties = new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("ponte", PonteProperties.class);
        return new StartupBanner(new RabbitProperties(), properties, new ProviderRegistry(properties.providers()),
                null, null);
    }

    @Test
    void printsTheConsoleUrlOnTheManagementPort() {
        String token = "console-admin-token-0123456789abcdef";
        String text = banner(Map.of("ponte.admin.token", token)).text(8080, 8081);
        assertThat(text).contains("console   http://localhost:8081/admin/   (sign in with ponte.admin.token)")
                .doesNotContain(token);
    }

    @Test
    void saysWhyThereIsNoConsole() {
        assertThat(banner(Map.of()).text(8080, 8081))
                .contains("console   http://localhost:8081/admin/   (off until an admin token is set: PONTE_ADMIN_TOKEN)");
        assertThat(banner(Map.of("ponte.admin.token", "x".repeat(40))).text(8080, -1))
                .contains("console   off: it needs the management server on a port of its own (management.server.port)");
    }
}
