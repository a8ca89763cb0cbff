package dev.ponte.idempotency;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.PonteApplication;
import dev.ponte.support.BrokerProxy;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.TestDatabase;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ponte.idempotency.store=jdbc} with PostgreSQL cut (a TCP proxy between Ponte and the real PostgreSQL is
 * closed; the database itself keeps running) while webhooks keep coming: none is refused, none is lost, the
 * bypasses are counted, one WARN is logged for the outage, readiness stays UP and health shows the store DOWN as a
 * detail; once the database is reachable again the store is used again.
 */
class IdempotencyOutageIT {

    private static final int CLIENTS = 6;
    static final String ADMIN_TOKEN = "ids-outage-admin-token-0123456789abcdef";
    private static final BrokerProxy DATABASE = new BrokerProxy(5432);
    private static String schema;
    private static String queue;
    private static ConfigurableApplicationContext app;
    private static WebhookClient client;
    private static WebhookClient management;

    @BeforeAll
    static void start() {
        schema = TestDatabase.createSchema();
        queue = TestBroker.bindQueue("ids-outage", "#");
        app = new SpringApplicationBuilder(PonteApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--camel.springboot.main-run-controller=false",
                "--ponte.routes.dir=src/test/resources/no-routes",
                "--ponte.spool.dir=" + TestBroker.tempDir("ids-outage-spool"),
                "--spring.rabbitmq.host=127.0.0.1",
                "--spring.rabbitmq.port=5672",
                "--ponte.publish.exchange=" + TestBroker.EXCHANGE,
                "--ponte.publish.parked-queue=" + TestBroker.PARKED,
                "--ponte.publish.unrouted-queue=" + TestBroker.UNROUTED,
                "--ponte.providers.cakto.secrets=" + PonteIntegrationTest.CAKTO_SECRET,
                "--ponte.admin.token=" + ADMIN_TOKEN,
                "--ponte.idempotency.store=jdbc",
                "--ponte.idempotency.retry-interval=1s",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + DATABASE.port() + "/test?currentSchema="
                        + schema,
                "--spring.datasource.username=" + TestDatabase.USER);
        client = new WebhookClient(((WebServerApplicationContext) app).getWebServer().getPort());
        management = new WebhookClient(app.getEnvironment().getProperty("local.management.port", Integer.class));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        DATABASE.close();
        TestBroker.delete(queue);
        TestDatabase.dropSchema(schema);
    }

    private JsonNode get(String path) {
        Response response = management.get(path, ADMIN_TOKEN);
        assertThat(response.status()).as("%s answered %s", path, response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void aDatabaseOutageUnderTrafficRefusesNothingAndLosesNothing() throws Exception {
        Logger gateLog = (Logger) LoggerFactory.getLogger(IdempotencyGate.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        gateLog.addAppender(logged);
        IdempotencyGate gate = app.getBean(IdempotencyGate.class);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    while (running.get()) {
                        FixtureVariants.Variant webhook = FixtureVariants.withOrderId("cakto",
                                "purchase_approved.json", UUID.randomUUID().toString());
                        Response response = client.post(webhook.path(), webhook.body(), webhook.headers());
                        statuses.merge(response.status(), 1, Integer::sum);
                        if (response.status() / 100 == 2) {
                            accepted.add(response.json().path("id").asText());
                        }
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 30);
            assertThat(gate.bypassedTotal()).as("no bypass while the database is up").isZero();

            DATABASE.cut();
            await().atMost(Duration.ofSeconds(60)).until(() -> gate.bypassedTotal() >= 50);
            JsonNode health = get("/actuator/health");
            JsonNode ids = health.path("components").path("ponteIngress").path("details").path("idempotency");
            assertThat(ids.path("status").asText()).as("health detail %s", ids).isEqualTo("DOWN");
            assertThat(ids.path("store").asText()).isEqualTo("jdbc");
            assertThat(get("/actuator/health/readiness").path("status").asText()).isEqualTo("UP");
            int duringOutage = accepted.size();

            DATABASE.restore();
            await().atMost(Duration.ofSeconds(60)).until(gate::available);
            double bypassed = gate.bypassedTotal();
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= duringOutage + 30);
            assertThat(gate.bypassedTotal()).as("the store is used again").isEqualTo(bypassed);
        } finally {
            running.set(false);
            for (Future<?> c : clients) {
                c.get();
            }
            pool.shutdown();
            gateLog.detachAppender(logged);
        }
        assertThat(statuses).as("answers by status").containsOnlyKeys(200);
        // every accepted event is in the queue (a bypassed one may be there twice: at least once)
        FixtureVariants.Variant sentinel = FixtureVariants.withOrderId("cakto", "purchase_approved.json",
                UUID.randomUUID().toString());
        String sentinelId = client.post(sentinel.path(), sentinel.body(), sentinel.headers()).json().path("id").asText();
        Set<String> published = new HashSet<>();
        TestBroker.receiveUntil(queue, sentinelId, 30_000).forEach(event -> published.add(event.path("id").asText()));
        assertThat(published).as("0 events lost").containsAll(accepted);
        List<ILoggingEvent> warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warnings).as("one WARN for the outage").hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains("ponte_idempotency_bypassed_total");
        Response prometheus = management.get("/actuator/prometheus");
        assertThat(prometheus.body()).containsPattern("ponte_idempotency_bypassed_total\\{[^}]*} [1-9]");
        System.out.printf("IdempotencyOutageIT: %d webhooks answered %s, %d bypassed, %d published, %d WARN%n",
                statuses.values().stream().mapToInt(Integer::intValue).sum(), statuses, (long) gate.bypassedTotal(),
                published.size(), warnings.size());
    }
}
