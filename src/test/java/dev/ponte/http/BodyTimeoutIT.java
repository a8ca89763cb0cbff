package dev.ponte.http;

import dev.ponte.PonteApplication;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ponte.ingress.body-timeout}: 200 connections trickling their bodies a byte at a time hold no request thread
 * (only 4 here), a normal webhook is answered while they are connected, and each of them gets 408 at the deadline
 * with its connection closed. A slow body that arrives whole in time is served as usual.
 */
class BodyTimeoutIT {

    private static final int TRICKLERS = 200;
    private static final int THREADS = 4;
    private static ConfigurableApplicationContext app;
    private static int port;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(PonteApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--server.tomcat.threads.max=" + THREADS,
                "--ponte.ingress.body-timeout=8s",
                "--camel.springboot.main-run-controller=false",
                "--ponte.routes.dir=src/test/resources/no-routes",
                "--ponte.spool.dir=" + TestBroker.tempDir("body-timeout-spool"),
                "--spring.rabbitmq.host=127.0.0.1",
                "--spring.rabbitmq.port=5672",
                "--ponte.publish.exchange=" + TestBroker.EXCHANGE,
                "--ponte.publish.parked-queue=" + TestBroker.PARKED,
                "--ponte.publish.unrouted-queue=" + TestBroker.UNROUTED,
                "--ponte.providers.cakto.secrets=" + PonteIntegrationTest.CAKTO_SECRET);
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static int busyRequestThreads() {
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) app).getWebServer();
        return ((ThreadPoolExecutor) server.getTomcat().getConnector().getProtocolHandler().getExecutor())
                .getActiveCount();
    }

    private static Socket open() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(60_000);
        return socket;
    }

    private static String head(int contentLength) {
        return "POST /webhooks/cakto HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + (contentLength >= 0 ? "Content-Length: " + contentLength : "Transfer-Encoding: chunked")
                + "\r\n\r\n";
    }

    /** The whole answer on a connection the server closes after it. */
    private static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) != -1) {
            answer.write(buffer, 0, n);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tricklingBodiesHoldNoThreadAndGet408AtTheDeadline() throws Exception {
        List<Socket> tricklers = new ArrayList<>();
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread trickle = new Thread(() -> {
            while (trickling.get()) {
                for (Socket socket : tricklers) {
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(' ');
                        out.flush();
                    } catch (IOException closedByTheServer) {
                        // answered 408 and closed
                    }
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "trickle");
        try {
            for (int i = 0; i < TRICKLERS; i++) {
                Socket socket = open();
                socket.getOutputStream().write((head(10_000) + "{").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                tricklers.add(socket);
            }
            trickle.start();
            // a blocking body read would keep every request thread busy until the bodies end
            await().atMost(Duration.ofSeconds(5)).until(() -> busyRequestThreads() == 0);

            FixtureVariants.Variant webhook = FixtureVariants.withOrderId("cakto", "purchase_approved.json",
                    UUID.randomUUID().toString());
            Response response = new WebhookClient(port).post(webhook.path(), webhook.body(), webhook.headers());
            assertThat(response.status()).as("answered %s", response.body()).isEqualTo(200);
            assertThat(response.json().path("status").asText()).isEqualTo("accepted");
            for (Socket socket : tricklers) {
                assertThat(socket.getInputStream().available()).as("the tricklers are still waiting").isZero();
            }

            for (Socket socket : tricklers) {
                String answer = readUntilClosed(socket);
                assertThat(answer).startsWith("HTTP/1.1 408")
                        .endsWith("{\"error\":\"body_timeout\",\"detail\":\"body not received within 8000 ms\"}");
            }
        } finally {
            trickling.set(false);
            trickle.interrupt();
            for (Socket socket : tricklers) {
                socket.close();
            }
        }
        Response metrics = new WebhookClient(app.getEnvironment().getProperty("local.management.port", Integer.class))
                .get("/actuator/prometheus");
        assertThat(metrics.body()).containsPattern(
                "ponte_webhooks_received_total\\{[^}]*outcome=\"body_timeout\"[^}]*provider=\"cakto\"[^}]*} 200.0");
    }

    @Test
    void aSlowBodyThatArrivesInTimeIsServed() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            byte[] body = FixtureVariants.withOrderId("cakto", "purchase_approved.json",
                    UUID.randomUUID().toString()).body();
            try (Socket socket = open()) {
                OutputStream out = socket.getOutputStream();
                out.write(head(chunked ? -1 : body.length).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                int third = body.length / 3;
                int[] cuts = {0, third, 2 * third, body.length};
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(300);
                    int length = cuts[i + 1] - cuts[i];
                    if (chunked) {
                        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(body, cuts[i], length);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                String answer = readUntilClosed(socket);
                assertThat(answer).as("chunked %s", chunked).startsWith("HTTP/1.1 200")
                        .contains("\"status\":\"accepted\"");
            }
        }
    }
}
