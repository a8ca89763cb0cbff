package dev.ponte.local;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Each embedded server runs only in local mode and only while Ponte is configured to use it. */
class LocalModeTest {

    private static MockEnvironment local() {
        return new MockEnvironment().withProperty("ponte.embedded.enabled", "true")
                .withProperty("spring.rabbitmq.host", "127.0.0.1").withProperty("spring.rabbitmq.port", "5673")
                .withProperty("ponte.alerts.mail.host", "127.0.0.1").withProperty("ponte.alerts.mail.port", "2525");
    }

    @Test
    void localModeUsesBothEmbeddedServers() {
        assertThat(LocalMode.usesEmbeddedBroker(local())).isTrue();
        assertThat(LocalMode.usesEmbeddedSmtp(local())).isTrue();
    }

    @Test
    void offByDefault() {
        MockEnvironment defaults = new MockEnvironment();
        assertThat(LocalMode.embedded(defaults).enabled()).isFalse();
        assertThat(LocalMode.usesEmbeddedBroker(defaults)).isFalse();
        assertThat(LocalMode.usesEmbeddedSmtp(defaults)).isFalse();
        assertThat(LocalMode.usesEmbeddedBroker(local().withProperty("ponte.embedded.enabled", "false"))).isFalse();
    }

    @Test
    void anExternalBrokerOrSmtpServerIsUsedInstead() {
        assertThat(LocalMode.usesEmbeddedBroker(local().withProperty("spring.rabbitmq.port", "5672"))).isFalse();
        assertThat(LocalMode.usesEmbeddedBroker(local().withProperty("spring.rabbitmq.host", "rabbit.internal")))
                .isFalse();
        assertThat(LocalMode.usesEmbeddedBroker(local().withProperty("spring.rabbitmq.addresses",
                "amqp://rabbit.internal:5673"))).isFalse();
        assertThat(LocalMode.usesEmbeddedSmtp(local().withProperty("ponte.alerts.mail.host", "smtp.example.com")))
                .isFalse();
        assertThat(LocalMode.usesEmbeddedSmtp(local().withProperty("ponte.alerts.mail.port", "1025"))).isFalse();
        // the other one is still embedded
        assertThat(LocalMode.usesEmbeddedBroker(local().withProperty("ponte.alerts.mail.port", "1025"))).isTrue();
    }

    @Test
    void onlyThisMachineCounts() {
        assertThat(LocalMode.isThisMachine("localhost")).isTrue();
        assertThat(LocalMode.isThisMachine("127.0.0.1")).isTrue();
        assertThat(LocalMode.isThisMachine("::1")).isTrue();
        assertThat(LocalMode.isThisMachine("localhost.example.com")).isFalse();
        assertThat(LocalMode.isThisMachine("10.0.0.5")).isFalse();
    }

    @Test
    void theEmbeddedBrokerSaysWhichJavaItNeeds() {
        assertThat(EmbeddedBroker.unsupportedJava(17)).isEmpty();
        assertThat(EmbeddedBroker.unsupportedJava(21)).isEmpty();
        assertThat(EmbeddedBroker.unsupportedJava(25)).get().asString()
                .contains("Java 25").contains("JDK 17").contains("spring-boot.run.profiles=default");
    }

    @Test
    void onANewerJavaLocalModeStopsWithThatReason() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() > EmbeddedBroker.NEWEST_SUPPORTED_JAVA,
                "runs on Java 23 and later");
        EmbeddedBroker broker = new EmbeddedBroker(java.nio.file.Path.of("target", "unused-broker"), 1, "guest",
                "guest", "ponte.events", "ponte.unrouted");
        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(broker::start)
                .withMessageContaining("Java " + Runtime.version().feature()).withMessageContaining("JDK 17");
    }
}
