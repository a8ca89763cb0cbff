package dev.ponte.ingress;

import dev.ponte.support.Fixtures;
import dev.ponte.support.TestBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure nobody planned for (here: a processor woven into the route that throws) is a 500 with a correlation
 * id, never a stack trace or the exception's message, and the app keeps serving.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ponte.providers.wiapy.secrets=tok-1", "ponte.routes.dir=src/test/resources/no-routes"})
@DirtiesContext
class UnexpectedFailureIT {

    @DynamicPropertySource
    static void testBroker(DynamicPropertyRegistry registry) {
        registry.add("ponte.spool.dir", () -> TestBroker.tempDir("spool-unexpected").toString());
        TestBroker.isolate(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Test
    void unexpectedFailureIs500WithCorrelationIdOnly() throws Exception {
        AdviceWith.adviceWith(camel, "webhook-ingress", route -> route.weaveAddFirst()
                .process(exchange -> {
                    throw new IllegalStateException("boom: secret-material-xyz");
                }));
        Response response = new WebhookClient(port).post("/webhooks/wiapy", Fixtures.bytes("wiapy", "paid.json"),
                Map.of("Authorization", "tok-1", "X-Request-Id", "corr-42"));
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.json().path("error").asText()).isEqualTo("internal_error");
        assertThat(response.json().path("request_id").asText()).isEqualTo("corr-42");
        assertThat(response.body()).doesNotContain("boom").doesNotContain("secret-material")
                .doesNotContain("Exception").doesNotContain("at dev.");
    }
}
