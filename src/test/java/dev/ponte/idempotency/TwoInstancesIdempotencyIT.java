package dev.ponte.idempotency;

import dev.ponte.ingress.EventAssembler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.ponte.PonteApplication;
import dev.ponte.event.EventJson;
import dev.ponte.provider.ProviderRegistry;
import dev.ponte.provider.WebhookProvider;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.TestDatabase;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Ponte instances behind a (simulated) load balancer, on one RabbitMQ and one PostgreSQL schema
 * ({@code ponte.idempotency.store=jdbc}): the same webhook posted to both at once, again and again, is published
 * exactly once.
 */
class TwoInstancesIdempotencyIT {

    private static final int ROUNDS = 20;
    private static final int POSTS_PER_ROUND = 10;
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(2);
    /** Longer than a delivery waits for another one in flight: the confirm timeout + 1 s. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(4);

    private static String schema;
    private static String queue;
    private static ConfigurableApplicationContext instanceA;
    private static ConfigurableApplicationContext instanceB;
    private static WebhookClient clientA;
    private static WebhookClient clientB;
    private static HikariDataSource database;
    private static ExecutorService threads;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        schema = TestDatabase.createSchema();
        queue = TestBroker.bindQueue("two-instances", "#");
        threads = Executors.newFixedThreadPool(POSTS_PER_ROUND);
        // both at once: their Flyway migrations of the one schema meet too. Spring Boot's logging set-up is not
        // safe when two applications start at once in one JVM (one of them fails on Logback's converters now and
        // then): they keep the logging configuration the JVM already has
        String logging = System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try {
            Future<ConfigurableApplicationContext> a = threads.submit(() -> start("a"));
            Future<ConfigurableApplicationContext> b = threads.submit(() -> start("b"));
            instanceA = a.get(60, TimeUnit.SECONDS);
            instanceB = b.get(60, TimeUnit.SECONDS);
        } finally {
            if (logging == null) {
                System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
            } else {
                System.setProperty(LoggingSystem.SYSTEM_PROPERTY, logging);
            }
        }
        clientA = new WebhookClient(port(instanceA));
        clientB = new WebhookClient(port(instanceB));
        database = TestDatabase.dataSource(schema);
    }

    @AfterAll
    static void stopAndCleanUp() {
        threads.shutdownNow();
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] {instanceA, instanceB}) {
            if (instance != null) {
                instance.close();
            }
        }
        if (database != null) {
            database.close();
        }
        TestBroker.delete(queue);
        TestDatabase.dropSchema(schema);
    }

    private static ConfigurableApplicationContext start(String name) {
        // command-line arguments: they override application.yaml (server.port: ${PORT:8080})
        return new SpringApplicationBuilder(PonteApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--camel.main.name=ponte-" + name,
                "--camel.springboot.main-run-controller=false",
                "--ponte.routes.dir=src/test/resources/no-routes",
                // a webhook is accepted only once the broker confirmed it (no spooling); a short confirm timeout
                // keeps the waits of the dead-instance case short
                "--ponte.spool.enabled=false",
                "--ponte.publish.confirm-timeout=" + CONFIRM_TIMEOUT,
                "--ponte.idempotency.claim-timeout=" + CLAIM_TIMEOUT,
                "--spring.rabbitmq.host=127.0.0.1",
                "--spring.rabbitmq.port=5672",
                "--ponte.publish.exchange=" + TestBroker.EXCHANGE,
                "--ponte.publish.parked-queue=" + TestBroker.PARKED,
                "--ponte.publish.unrouted-queue=" + TestBroker.UNROUTED,
                "--ponte.delivery.queue-prefix=" + TestBroker.QUEUE_PREFIX,
                "--ponte.delivery.dead-letter-exchange=" + TestBroker.DLX,
                "--ponte.providers.cakto.secrets=" + PonteIntegrationTest.CAKTO_SECRET,
                "--ponte.idempotency.store=jdbc",
                "--spring.datasource.url=" + TestDatabase.url(schema),
                "--spring.datasource.username=" + TestDatabase.USER);
    }

    private static int port(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }

    /** A Cakto purchase_approved with a new order id: a new event. */
    private static FixtureVariants.Variant newWebhook() {
        return FixtureVariants.withOrderId("cakto", "purchase_approved.json", UUID.randomUUID().toString());
    }

    private static Response post(WebhookClient client, FixtureVariants.Variant webhook) {
        return client.post(webhook.path(), webhook.body(), webhook.headers());
    }

    /** The event id Ponte derives from a webhook, as EventAssembler does. */
    private static String eventId(FixtureVariants.Variant webhook) throws Exception {
        WebhookProvider cakto = instanceA.getBean(ProviderRegistry.class).find("cakto").orElseThrow();
        ObjectNode json = (ObjectNode) EventJson.mapper().readTree(webhook.body());
        return EventAssembler.assemble(cakto, cakto.normalizer().normalize(json), json, webhook.body(), Instant.now())
                .id();
    }

    /** Posts a new event and returns every event published before it. */
    private static List<String> publishedUntilSentinel() {
        Response sentinel = post(clientB, newWebhook());
        assertThat(sentinel.status()).isEqualTo(200);
        List<JsonNode> events = TestBroker.receiveUntil(queue, sentinel.json().path("id").asText(), 10_000);
        return events.subList(0, events.size() - 1).stream().map(event -> event.path("id").asText()).toList();
    }

    @Test
    void theSameWebhookPostedToBothInstancesAtOnceIsPublishedExactlyOnce() throws Exception {
        List<String> published = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            FixtureVariants.Variant webhook = newWebhook();
            CyclicBarrier together = new CyclicBarrier(POSTS_PER_ROUND);
            List<Callable<Response>> posts = new ArrayList<>();
            for (int i = 0; i < POSTS_PER_ROUND; i++) {
                WebhookClient client = i % 2 == 0 ? clientA : clientB;
                posts.add(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return post(client, webhook);
                });
            }
            List<String> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Future<Response> answer : threads.invokeAll(posts, 30, TimeUnit.SECONDS)) {
                Response response = answer.get();
                assertThat(response.status()).as("round %d: %s", round, response.body()).isEqualTo(200);
                statuses.add(response.json().path("status").asText());
                ids.add(response.json().path("id").asText());
            }
            assertThat(statuses).as("round %d", round).filteredOn("accepted"::equals).hasSize(1);
            assertThat(statuses).as("round %d", round).filteredOn("duplicate"::equals).hasSize(POSTS_PER_ROUND - 1);
            assertThat(ids).as("one event id per round").containsOnly(ids.get(0));
            published.add(ids.get(0));
        }

        assertThat(publishedUntilSentinel()).as("each round's event exactly once").containsExactlyElementsOf(published);
    }

    @Test
    void anEventClaimedByAnInstanceThatDiedGets503UntilTheClaimTimeoutThenIsPublishedOnce() throws Exception {
        publishedUntilSentinel();
        FixtureVariants.Variant webhook = newWebhook();
        String id = eventId(webhook);
        // an instance claimed the event and died before the broker's confirm
        new JdbcTemplate(database).update("INSERT INTO ponte_event_ids (event_id, claim_token, claimed_at) "
                + "VALUES (?, gen_random_uuid(), now())", id);

        Response whileClaimed = post(clientA, webhook);
        assertThat(whileClaimed.status()).as(whileClaimed.body()).isEqualTo(503);
        assertThat(whileClaimed.raw().headers().firstValue("Retry-After")).isPresent();

        Response retry = post(clientB, webhook); // waits for the claim to time out, then takes it over
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().path("status").asText()).isEqualTo("accepted");
        assertThat(retry.json().path("id").asText()).isEqualTo(id);
        assertThat(post(clientA, webhook).json().path("status").asText()).isEqualTo("duplicate");
        assertThat(publishedUntilSentinel()).containsExactly(id);
    }
}
