package dev.ponte.management;

import dev.ponte.PonteApplication;
import dev.ponte.support.Fixtures;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The webhook port serves the webhooks and nothing else; actuator and the admin endpoints are on the management
 * port, health details only for the admin token.
 */
class ManagementPortIT extends PonteIntegrationTest {

    private static final List<String> NOT_WEBHOOKS = List.of("/", "/actuator", "/actuator/health",
            "/actuator/health/readiness", "/actuator/prometheus", "/actuator/metrics", "/actuator/env",
            "/actuator/info", "/admin/destinations/chargeback-alert/replay", "/error", "/webhooks", "/index.html",
            "/anything/at/all", "/WEBHOOKS/cakto");

    @Test
    void theWebhookPortAnswers404ToEverythingButWebhooks() {
        for (String path : NOT_WEBHOOKS) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH")) {
                Response response = webhooks().send(HttpRequest.newBuilder(webhooks().uri(path))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());
                String what = method + " " + path;
                assertThat(response.status()).as(what + " answered " + response.body()).isEqualTo(404);
                assertThat(response.raw().headers().firstValue("Content-Type")).as(what)
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                assertThat(response.json().path("error").asText()).as(what).isEqualTo("not_found");
            }
        }
        // the webhooks themselves are still there (a fresh order id: other classes of this context post the fixture)
        Response webhook = webhooks().post("/webhooks/cakto", dev.ponte.support.FixtureVariants
                .cakto("purchase_approved.json", java.util.UUID.randomUUID().toString()).toString().getBytes());
        assertThat(webhook.status()).isIn(200, 202);
        assertThat(webhook.json().path("status").asText()).isEqualTo("accepted");
    }

    @Test
    void theManagementPortServesActuatorAndAdminButNoWebhooks() {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(management().get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(management().get("/actuator/health/liveness").status()).isEqualTo(200);
        Response prometheus = management().get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).contains("ponte_spool_depth");

        Response webhook = management().post("/webhooks/cakto", Fixtures.bytes("cakto", "purchase_approved.json"));
        assertThat(webhook.status()).isEqualTo(404);
        Response unknown = management().get("/nothing/here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("status").asInt()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.body()).doesNotContain("Exception").doesNotContain("<html");

        Response replay = management().send(HttpRequest.newBuilder(
                management().uri("/admin/destinations/paid-orders/replay"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("moved").asInt()).isZero();
        Response refused = management().send(HttpRequest.newBuilder(
                management().uri("/admin/destinations/paid-orders/replay"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void healthDetailsOnlyWithTheAdminToken() {
        Response anonymous = management().get("/actuator/health");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().path("status").asText()).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).as(anonymous.body()).isFalse();
        assertThat(anonymous.body()).doesNotContain("ponteIngress").doesNotContain("rabbit");

        for (String wrong : List.of(ADMIN_TOKEN + "x", ADMIN_TOKEN.substring(1), "", ADMIN_TOKEN.toUpperCase())) {
            Response response = management().get("/actuator/health", wrong);
            assertThat(response.json().has("components")).as("token %s", wrong.isEmpty() ? "empty" : "wrong")
                    .isFalse();
        }
        Response basic = management().send(HttpRequest.newBuilder(management().uri("/actuator/health"))
                .header("Authorization", "Basic " + ADMIN_TOKEN).GET().build());
        assertThat(basic.json().has("components")).isFalse();

        Response admin = management().get("/actuator/health", ADMIN_TOKEN);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().path("components").path("ponteIngress").path("status").asText()).isEqualTo("UP");
        assertThat(admin.json().path("components").path("rabbit").path("details").has("version")).isTrue();
        Response readiness = management().get("/actuator/health/readiness", ADMIN_TOKEN);
        assertThat(readiness.json().path("components").has("ponteIngress")).isTrue();
        assertThat(management().get("/actuator/health/readiness").json().has("components")).isFalse();
    }

    @Test
    void anAdminTokenShorterThan32CharactersStopsStartUp() {
        String shortToken = "x".repeat(31);
        assertThatThrownBy(() -> start(Map.of("ponte.admin.token", shortToken,
                "server.port", "0", "management.server.port", "0")).close())
                .satisfies(e -> assertThat(causes(e)).contains("ponte.admin.token is too short: at least 32")
                        .doesNotContain(shortToken));
    }

    @Test
    void theManagementPortMayNotBeTheWebhookPort() throws IOException {
        int shared;
        try (ServerSocket socket = new ServerSocket(0)) {
            shared = socket.getLocalPort();
        }
        assertThatThrownBy(() -> start(Map.of("server.port", String.valueOf(shared),
                "management.server.port", String.valueOf(shared))).close())
                .satisfies(e -> assertThat(causes(e)).contains("management.server.port must differ from server.port"));
    }

    private static org.springframework.context.ConfigurableApplicationContext start(Map<String, Object> properties) {
        Map<String, Object> all = new java.util.TreeMap<>(Map.of("ponte.routes.dir", "src/test/resources/no-routes",
                "ponte.spool.enabled", "false", "spring.rabbitmq.port", "1"));
        all.putAll(properties);
        // as command-line arguments: above application.yaml, as an operator's settings are
        String[] arguments = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(PonteApplication.class).web(WebApplicationType.SERVLET).run(arguments);
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
