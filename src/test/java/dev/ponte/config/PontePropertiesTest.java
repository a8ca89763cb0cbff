package dev.ponte.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PontePropertiesTest {

    private static PonteProperties bind(Map<String, Object> environment) {
        StandardEnvironment env = new StandardEnvironment();
        MutablePropertySources sources = env.getPropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new Binder(ConfigurationPropertySources.get(env)).bindOrCreate("ponte", PonteProperties.class);
    }

    @Test
    void environmentVariablesConfigureSecretListsAndTimeouts() {
        PonteProperties properties = bind(Map.of(
                "PONTE_PROVIDERS_CAKTO_SECRETS", "s1,s2",
                "PONTE_PROVIDERS_ABACATEPAY_REQUIRESIGNATURE", "false",
                "PONTE_PUBLISH_CONFIRMTIMEOUT", "3s",
                "PONTE_INGRESS_MAXBODYBYTES", "1024"));
        assertThat(properties.providers()).as(properties.providers().toString()).containsKey("cakto");
        assertThat(properties.providers().get("cakto").secrets()).containsExactly("s1", "s2");
        assertThat(properties.providers().get("abacatepay").requireSignature()).isFalse();
        assertThat(properties.publish().confirmTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(properties.ingress().maxBodyBytes()).isEqualTo(1024);
    }

    @Test
    void defaultsMatchTheContract() {
        PonteProperties properties = bind(Map.of());
        assertThat(properties.ingress().maxBodyBytes()).isEqualTo(262_144);
        assertThat(properties.publish().confirmTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.publish().exchange()).isEqualTo("ponte.events");
        assertThat(properties.idempotency().retention()).isEqualTo(Duration.ofHours(24));
        assertThat(properties.providers()).isEmpty();
        assertThat(new dev.ponte.provider.ProviderSettings(List.of(), null, null).requireSignature()).isTrue();
    }

    @Test
    void queuesForConsumersAreBoundFromTheEnvironment() {
        PonteProperties properties = bind(Map.of(
                "PONTE_QUEUES_0_NAME", "paid-orders",
                "PONTE_QUEUES_0_ROUTINGKEYS", "order.paid,subscription.transaction.paid",
                "PONTE_QUEUES_1_NAME", "refunds",
                "PONTE_QUEUES_1_ROUTINGKEYS", "order.refunded"));
        assertThat(properties.queues()).containsExactly(
                new PonteProperties.ConsumerQueue("paid-orders", List.of("order.paid", "subscription.transaction.paid")),
                new PonteProperties.ConsumerQueue("refunds", List.of("order.refunded")));
        assertThat(bind(Map.of()).queues()).isEmpty();
    }

    @Test
    void aQueueWithoutANameStopsStartUpNamingTheSetting() {
        assertThat(bindingFailure(Map.of("PONTE_QUEUES_0_NAME", " ", "PONTE_QUEUES_0_ROUTINGKEYS", "order.paid")))
                .contains("ponte.queues[0].name is empty");
    }

    @Test
    void aQueueWithoutRoutingKeysStopsStartUpNamingTheSetting() {
        assertThat(bindingFailure(Map.of("PONTE_QUEUES_0_NAME", "paid-orders")))
                .contains("ponte.queues[0].routing-keys is empty: queue 'paid-orders' would receive no event");
    }

    @Test
    void aQueueListedTwiceStopsStartUpNamingTheSetting() {
        assertThat(bindingFailure(Map.of(
                "PONTE_QUEUES_0_NAME", "paid-orders", "PONTE_QUEUES_0_ROUTINGKEYS", "order.paid",
                "PONTE_QUEUES_1_NAME", "paid-orders", "PONTE_QUEUES_1_ROUTINGKEYS", "order.refunded")))
                .contains("ponte.queues[1].name 'paid-orders' is listed twice in ponte.queues");
    }

    /** The messages of the binding failure's cause chain. */
    private static String bindingFailure(Map<String, Object> environment) {
        StringBuilder messages = new StringBuilder();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(environment)).satisfies(e -> {
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
        });
        return messages.toString();
    }
}
