package dev.ponte.publish;

import dev.ponte.support.BrokerProxy;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Broker unreachable and the spool full: the webhook is refused with 503 + Retry-After, and readiness goes DOWN. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpoolFullIT {

    private static final BrokerProxy PROXY = new BrokerProxy();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void tinySpool(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", PROXY::port);
        TestBroker.isolate(registry);
        registry.add("ponte.routes.dir", () -> "src/test/resources/no-routes");
        registry.add("ponte.providers.cakto.secrets", () -> "b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37");
        registry.add("ponte.spool.dir", () -> TestBroker.tempDir("spool-full").toString());
        // room for one event (about 3 KB), not two
        registry.add("ponte.spool.max-bytes", () -> "5KB");
    }

    @AfterAll
    static void restore() {
        PROXY.close();
    }

    @Test
    void aFullSpoolRefusesWith503AndReadinessGoesDown() {
        WebhookClient client = new WebhookClient(port);
        PROXY.cut();
        Response first = client.post("/webhooks/cakto",
                FixtureVariants.cakto("purchase_approved.json", UUID.randomUUID().toString()).toString().getBytes());
        assertThat(first.status()).isEqualTo(202);
        Response second = client.post("/webhooks/cakto",
                FixtureVariants.cakto("purchase_approved.json", UUID.randomUUID().toString()).toString().getBytes());
        assertThat(second.status()).isEqualTo(503);
        assertThat(second.raw().headers().firstValue("Retry-After")).hasValue("30");
        assertThat(second.json().path("detail").asText()).contains("spool");
        // the refused event was not remembered: the provider's retry is processed once there is room
        Response readiness = new WebhookClient(managementPort).get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(503);
    }
}
