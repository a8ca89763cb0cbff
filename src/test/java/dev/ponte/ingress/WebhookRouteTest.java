package dev.ponte.ingress;

import dev.ponte.support.ProviderTestKits;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.UnifiedEvent;
import dev.ponte.provider.ProviderRegistry;
import dev.ponte.support.Fixtures;
import dev.ponte.support.HostileJson;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.ProviderAuth;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook route under Camel's test kit, without a broker: RabbitMQ is a closed port and the publish step is
 * replaced by {@code mock:published} (AdviceWith), so the route is shown to send each webhook through its own
 * provider's steps, to stop a duplicate and an unauthorized webhook before the publish step, and to hand the
 * publish step the unified event, routing key = its type.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ponte.routes.dir=src/test/resources/no-routes", "ponte.spool.enabled=false",
                "ponte.idempotency.store=memory"})
@DirtiesContext
class WebhookRouteTest {

    @DynamicPropertySource
    static void secrets(DynamicPropertyRegistry registry) {
        for (String provider : ProviderTestKits.names()) {
            registry.add("ponte.providers." + provider + ".secrets",
                    () -> ProviderTestKits.of(provider).secret());
        }
    }

    /** One mapped fixture of each provider. */
    private static final Map<String, String> FIXTURES = Map.of("cakto", "purchase_approved.json",
            "arkama", "ORDER_PAID.json", "abacatepay", "v1.billing.paid.json", "wiapy", "paid.json");

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    ProviderRegistry providers;

    @DynamicPropertySource
    static void noBroker(DynamicPropertyRegistry registry) {
        TestBroker.unreachable(registry);
        registry.add("ponte.events.dir", () -> temp("route-events"));
    }

    private static String temp(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, WebhookIngressRoute.ROUTE_ID, route -> {
                route.weaveById("publish").replace().to("mock:published");
                for (String name : providers.names()) {
                    route.weaveById(name + "-authenticate").before().to("mock:" + name + "-authenticate");
                    route.weaveById(name + "-normalize").before().to("mock:" + name + "-normalize");
                }
            });
            camel.start();
        }
        MockEndpoint.resetMocks(camel);
    }

    @Test
    void eachWebhookTakesItsOwnProvidersStepsAndReachesPublishAsTheUnifiedEvent() throws Exception {
        assertThat(FIXTURES.keySet()).containsExactlyInAnyOrderElementsOf(providers.names());
        for (String provider : providers.names()) {
            MockEndpoint.resetMocks(camel);
            MockEndpoint published = camel.getEndpoint("mock:published", MockEndpoint.class);
            published.expectedMessageCount(1);
            NotifyBuilder done = new NotifyBuilder(camel).fromRoute(WebhookIngressRoute.ROUTE_ID).whenDone(1).create();

            Response response = post(provider, FIXTURES.get(provider));

            assertThat(response.status()).as("%s answered %s", provider, response.body()).isEqualTo(200);
            assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
            published.assertIsSatisfied();
            UnifiedEvent event = published.getReceivedExchanges().get(0).getMessage().getBody(UnifiedEvent.class);
            assertThat(event.provider()).isEqualTo(provider);
            assertThat(event.id()).isEqualTo(response.json().path("id").asText());
            assertThat(event.routingKey()).isEqualTo(event.type()).isEqualTo(response.json().path("type").asText());
            for (String other : providers.names()) {
                int expected = other.equals(provider) ? 1 : 0;
                assertThat(mock(other + "-authenticate").getReceivedCounter()).as("%s webhook through %s-authenticate",
                        provider, other).isEqualTo(expected);
                assertThat(mock(other + "-normalize").getReceivedCounter()).as("%s webhook through %s-normalize",
                        provider, other).isEqualTo(expected);
            }
        }
    }

    @Test
    void aDuplicateIsAnsweredWithoutReachingPublish() {
        byte[] body = freshWiapy();
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute(WebhookIngressRoute.ROUTE_ID).whenDone(2).create();

        Response first = postWiapy(body, PonteIntegrationTest.WIAPY_TOKEN);
        Response second = postWiapy(body, PonteIntegrationTest.WIAPY_TOKEN);

        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.json().path("status").asText()).isEqualTo("accepted");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("status").asText()).isEqualTo("duplicate");
        assertThat(second.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(mock("wiapy-normalize").getReceivedCounter()).isEqualTo(2);
        assertThat(mock("published").getReceivedCounter()).as("published once").isEqualTo(1);
    }

    @Test
    void anUnauthorizedWebhookStopsAtItsProvidersAuthentication() {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute(WebhookIngressRoute.ROUTE_ID).whenDone(1).create();

        Response response = postWiapy(freshWiapy(), "not-the-token");

        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(response.status()).isEqualTo(401);
        assertThat(mock("wiapy-authenticate").getReceivedCounter()).isEqualTo(1);
        assertThat(mock("wiapy-normalize").getReceivedCounter()).isZero();
        assertThat(mock("published").getReceivedCounter()).isZero();
    }

    @Test
    void anUnknownProviderTakesNoProvidersSteps() {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute(WebhookIngressRoute.ROUTE_ID).whenDone(1).create();

        Response response = new WebhookClient(port).post("/webhooks/nobody", freshWiapy(),
                Map.of("Authorization", PonteIntegrationTest.WIAPY_TOKEN));

        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("error").asText()).isEqualTo("unknown_provider");
        for (String name : providers.names()) {
            assertThat(mock(name + "-authenticate").getReceivedCounter()).as(name).isZero();
        }
        assertThat(mock("published").getReceivedCounter()).isZero();
    }

    private MockEndpoint mock(String name) {
        return camel.getEndpoint("mock:" + name, MockEndpoint.class);
    }

    private Response post(String provider, String fixture) {
        ProviderAuth.Auth auth = ProviderAuth.forFixture(provider, fixture);
        return new WebhookClient(port).post("/webhooks/" + provider + auth.query(), Fixtures.bytes(provider, fixture),
                auth.headers());
    }

    private Response postWiapy(byte[] body, String token) {
        return new WebhookClient(port).post("/webhooks/wiapy", body, Map.of("Authorization", token));
    }

    private static byte[] freshWiapy() {
        ObjectNode fresh = HostileJson.parse(Fixtures.bytes("wiapy", "paid.json"));
        ((ObjectNode) fresh.get("payment")).put("id", UUID.randomUUID().toString());
        return HostileJson.bytes(fresh);
    }
}
