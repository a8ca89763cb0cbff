package dev.ponte.local;

import dev.ponte.support.PonteIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Without the local profile (java -jar, docker, every other test) nothing embedded starts: the real broker is used. */
class DefaultModeIT extends PonteIntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void theDefaultProfileStartsNoEmbeddedServer() {
        assertThat(context.getEnvironment().getActiveProfiles()).doesNotContain("local");
        assertThat(context.getBean(EmbeddedProperties.class).enabled()).isFalse();
        assertThat(context.getBeansOfType(EmbeddedBroker.class)).isEmpty();
        assertThat(context.getBeansOfType(EmbeddedMailServer.class)).isEmpty();
        assertThat(context.getBean(StartupBanner.class).text(port, managementPort))
                .contains("manage    http://localhost:" + managementPort + "/actuator/health")
                .contains("broker    amqp://127.0.0.1:5672 (user guest)")
                .contains("mail      SMTP 127.0.0.1:" + MAIL.port())
                .doesNotContain("embedded")
                .contains("cakto       http://localhost:" + port + "/webhooks/cakto")
                .contains("abacatepay  http://localhost:" + port + "/webhooks/abacatepay?webhookSecret=<secret>");
    }
}
