package dev.ponte.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.provider.ProviderRegistry;
import dev.ponte.support.Fixtures;
import dev.ponte.support.GoldenEvents;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.ProviderAuth;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fixture of every provider, posted over HTTP to the running app, read back from a RabbitMQ queue bound to
 * the events exchange with {@code #}, and compared field by field with its golden event. Event ids are
 * deterministic and remembered for the whole run: this is the only test that posts the fixtures unchanged (others
 * use {@link dev.ponte.support.FixtureVariants}).
 */
class FixturesEndToEndIT extends PonteIntegrationTest {

    private static String queue;

    @Autowired
    ProviderRegistry providers;

    @BeforeAll
    static void bindQueue() {
        queue = TestBroker.bindQueue("fixtures-all", "#");
    }

    @AfterAll
    static void deleteQueue() {
        TestBroker.delete(queue);
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureBecomesItsGoldenEvent() {
        assertThat(providers.names()).as("registered providers").isNotEmpty();
        return providers.names().stream().flatMap(provider -> Fixtures.names(provider).stream()
                .map(fixture -> DynamicTest.dynamicTest(provider + "/" + fixture, () -> postAndCompare(provider, fixture))));
    }

    private void postAndCompare(String provider, String fixture) {
        ProviderAuth.Auth auth = ProviderAuth.forFixture(provider, fixture);
        WebhookClient.Response response = webhooks().post("/webhooks/" + provider + auth.query(),
                Fixtures.bytes(provider, fixture), auth.headers());
        assertThat(response.status()).as("%s/%s answered %s", provider, fixture, response.body()).isIn(200, 202);
        JsonNode answer = response.json();
        Message message = TestBroker.receive(queue, 10_000);
        assertThat(message).as("message for %s/%s", provider, fixture).isNotNull();
        JsonNode event = readJson(message);
        assertThat(event.path("id").asText()).isEqualTo(answer.path("id").asText());
        GoldenEvents.assertMatches(provider, fixture, event);

        var props = message.getMessageProperties();
        assertThat(props.getMessageId()).isEqualTo(event.path("id").asText());
        assertThat(props.getReceivedRoutingKey()).isEqualTo(event.path("type").isNull()
                ? "unmapped." + provider : event.path("type").asText());
        assertThat(props.getContentType()).isEqualTo("application/json");
        assertThat(props.getReceivedDeliveryMode()).hasToString("PERSISTENT");
        assertThat(props.getHeaders())
                .containsEntry("cloudEvents_specversion", "1.0")
                .containsEntry("cloudEvents_id", event.path("id").asText())
                .containsEntry("cloudEvents_source", "ponte/" + provider)
                .containsEntry("cloudEvents_type", props.getReceivedRoutingKey());
        if (response.status() == 200) {
            assertThat(answer.path("status").asText()).isEqualTo("accepted");
            assertThat(answer.path("type").asText()).isEqualTo(event.path("type").asText());
        } else {
            assertThat(answer.path("status").asText()).isEqualTo("parked");
            assertThat(event.path("type").isNull()).isTrue();
        }
    }

    private static JsonNode readJson(Message message) {
        try {
            return dev.ponte.event.EventJson.mapper().readTree(message.getBody());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
