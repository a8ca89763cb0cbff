package dev.ponte.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.PonteApplication;
import dev.ponte.support.BrokerProxy;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.apache.camel.CamelContext;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "The spool drain stops last": Ponte shut down with events in its spool. The broker becomes reachable as the
 * shutdown begins; the drain keeps running while the web server and Camel stop, stops after them, and publishes
 * with a last round what the broker now confirms: every spooled event is in the broker before the exit, once.
 */
class SpoolDrainShutdownIT {

    private static final int EVENTS = 30;
    private static final BrokerProxy PROXY = new BrokerProxy();
    private static final String QUEUE = TestBroker.bindQueue("drain-shutdown", "#");

    /** What a lifecycle bean saw when it was stopped. */
    record Seen(boolean drainRunning, boolean camelStopped, boolean webServerStopped, long spoolDepth) {
    }

    static final List<Seen> FIRST = new ArrayList<>();
    static final List<Seen> BEFORE_DRAIN = new ArrayList<>();

    @Configuration(proxyBeanMethods = false)
    static class Witnesses {

        /** Stops first (highest phase): the broker becomes reachable as the shutdown begins. */
        @Bean
        SmartLifecycle brokerBackOnShutdown(ApplicationContext context) {
            return witness(Integer.MAX_VALUE, context, () -> PROXY.restore(), FIRST);
        }

        /** Stops just before the spool drain (its phase + 1). */
        @Bean
        SmartLifecycle justBeforeTheDrain(ApplicationContext context) {
            return witness(Integer.MIN_VALUE + 1001, context, () -> { }, BEFORE_DRAIN);
        }

        private static SmartLifecycle witness(int phase, ApplicationContext context, Runnable action,
                                              List<Seen> seen) {
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    running = true;
                }

                @Override
                public void stop() {
                    TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
                    // stopped: its connectors are removed from the service (the port stays bound until destroyed)
                    boolean serving = Arrays.stream(server.getTomcat().getService().findConnectors())
                            .anyMatch(c -> c.getState() == LifecycleState.STARTED);
                    seen.add(new Seen(context.getBean(SpoolDrain.class).isRunning(),
                            context.getBean(CamelContext.class).isStopped(), !serving,
                            context.getBean(EventSpool.class).depth()));
                    action.run();
                    running = false;
                }

                @Override
                public boolean isRunning() {
                    return running;
                }

                @Override
                public int getPhase() {
                    return phase;
                }
            };
        }
    }

    @AfterAll
    static void cleanUp() {
        PROXY.close();
        TestBroker.delete(QUEUE);
    }

    @Test
    void theDrainKeepsPublishingWhileTheRestStopsAndLosesNothing() {
        Path spoolDir = TestBroker.tempDir("drain-shutdown-spool");
        PROXY.cut();
        Set<String> spooled = new HashSet<>();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(PonteApplication.class, Witnesses.class)
                .run("--server.port=0",
                "--management.server.port=0",
                        "--camel.springboot.main-run-controller=false",
                        "--ponte.routes.dir=src/test/resources/no-routes",
                        "--ponte.spool.dir=" + spoolDir,
                        "--ponte.spool.drain-interval=100ms",
                        "--spring.rabbitmq.host=127.0.0.1",
                        "--spring.rabbitmq.port=" + PROXY.port(),
                        "--ponte.publish.exchange=" + TestBroker.EXCHANGE,
                        "--ponte.publish.parked-queue=" + TestBroker.PARKED,
                        "--ponte.publish.unrouted-queue=" + TestBroker.UNROUTED,
                        "--ponte.providers.cakto.secrets=" + PonteIntegrationTest.CAKTO_SECRET);
        try {
            WebhookClient client = new WebhookClient(((WebServerApplicationContext) app).getWebServer().getPort());
            for (int i = 0; i < EVENTS; i++) {
                FixtureVariants.Variant webhook = FixtureVariants.withOrderId("cakto", "purchase_approved.json",
                        UUID.randomUUID().toString());
                Response response = client.post(webhook.path(), webhook.body(), webhook.headers());
                assertThat(response.status()).isEqualTo(202);
                spooled.add(response.json().path("id").asText());
            }
        } finally {
            app.close();
        }
        assertThat(FIRST).hasSize(1);
        assertThat(FIRST.get(0).spoolDepth()).as("the spool is full when the shutdown begins").isEqualTo(EVENTS);
        assertThat(BEFORE_DRAIN).hasSize(1);
        Seen beforeDrain = BEFORE_DRAIN.get(0);
        assertThat(beforeDrain.webServerStopped()).as("the web server stopped before the drain").isTrue();
        assertThat(beforeDrain.camelStopped()).as("Camel stopped before the drain").isTrue();
        assertThat(beforeDrain.drainRunning()).as("the drain still running").isTrue();

        List<String> published = new ArrayList<>();
        JsonNode event;
        while ((event = TestBroker.receiveJson(QUEUE, 2_000)) != null) {
            published.add(event.path("id").asText());
        }
        List<String> left = new ArrayList<>();
        try (EventSpool spool = new EventSpool(spoolDir, Long.MAX_VALUE)) {
            spool.oldest(EVENTS * 2).forEach(e -> left.add(e.eventId()));
        }
        System.out.printf("SpoolDrainShutdownIT: %d spooled; during the shutdown %d published, %d left in the spool "
                + "(%d when the drain was stopping)%n", EVENTS, published.size(), left.size(), beforeDrain.spoolDepth());
        assertThat(published).as("published during the shutdown (the drain's last round at the latest)")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(spooled);
        assertThat(java.util.Collections.disjoint(published, left)).as("none both published and left").isTrue();
        List<String> all = new ArrayList<>(published);
        all.addAll(left);
        assertThat(all).as("0 lost").containsExactlyInAnyOrderElementsOf(spooled);
    }
}
