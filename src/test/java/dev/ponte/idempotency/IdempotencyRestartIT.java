package dev.ponte.idempotency;

import dev.ponte.PonteApplication;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default idempotency store (sqlite, no {@code ponte.idempotency.store} set) remembers ids across a restart of
 * Ponte: the same webhook posted after the restart is answered {@code duplicate} and published once in all.
 */
class IdempotencyRestartIT {

    private static final String QUEUE = TestBroker.bindQueue("restart-ids", "#");

    @AfterAll
    static void cleanUp() {
        TestBroker.delete(QUEUE);
    }

    private static ConfigurableApplicationContext start(Path ids, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--camel.springboot.main-run-controller=false",
                "--ponte.routes.dir=src/test/resources/no-routes",
                "--ponte.spool.dir=" + TestBroker.tempDir("restart-spool"),
                "--ponte.idempotency.dir=" + ids,
                "--spring.rabbitmq.host=127.0.0.1",
                "--spring.rabbitmq.port=5672",
                "--ponte.publish.exchange=" + TestBroker.EXCHANGE,
                "--ponte.publish.parked-queue=" + TestBroker.PARKED,
                "--ponte.publish.unrouted-queue=" + TestBroker.UNROUTED,
                "--ponte.providers.cakto.secrets=" + PonteIntegrationTest.CAKTO_SECRET));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(PonteApplication.class).run(args.toArray(String[]::new));
    }

    private static Response post(ConfigurableApplicationContext app, FixtureVariants.Variant webhook) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new WebhookClient(port).post(webhook.path(), webhook.body(), webhook.headers());
    }

    @Test
    void theSameWebhookAfterARestartIsADuplicate() {
        Path ids = TestBroker.tempDir("restart-ids");
        FixtureVariants.Variant webhook = FixtureVariants.withOrderId("cakto", "purchase_approved.json",
                UUID.randomUUID().toString());
        String id;
        try (ConfigurableApplicationContext first = start(ids)) {
            assertThat(first.getBean(IdempotencyStore.class)).isInstanceOf(SqliteIdempotencyStore.class);
            Response accepted = post(first, webhook);
            assertThat(accepted.status()).isEqualTo(200);
            assertThat(accepted.json().path("status").asText()).isEqualTo("accepted");
            id = accepted.json().path("id").asText();
        }
        try (ConfigurableApplicationContext second = start(ids)) {
            Response again = post(second, webhook);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("status").asText()).as("after the restart").isEqualTo("duplicate");
            assertThat(again.json().path("id").asText()).isEqualTo(id);
            // a sentinel behind it: everything published before the sentinel is in the queue
            FixtureVariants.Variant sentinel = FixtureVariants.withOrderId("cakto", "purchase_approved.json",
                    UUID.randomUUID().toString());
            String sentinelId = post(second, sentinel).json().path("id").asText();
            assertThat(TestBroker.receiveUntil(QUEUE, sentinelId, 10_000))
                    .extracting(event -> event.path("id").asText())
                    .as("published once in all").containsExactly(id, sentinelId);
        }
    }
}
