package dev.ponte.delivery;

import com.sun.net.httpserver.HttpServer;
import dev.ponte.config.PonteProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP client of the destinations, as DeliveryConfiguration sets up camel-http, against a real HTTP server: the
 * address actually connected to is checked, and a destination's response body is read up to 64 KiB only.
 */
class GuardedHttpConnectionsTest {

    private static final long HUGE = 1L << 30;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final CountDownLatch hugeDone = new CountDownLatch(1);
    private HttpServer server;
    private CamelContext camel;

    private void start(boolean allowPrivate) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/small", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "x".repeat(1000).getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/exact", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = new byte[GuardedHttpConnections.MAX_RESPONSE_BYTES];
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/huge", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            int status = Integer.parseInt(exchange.getRequestURI().getQuery().replace("status=", ""));
            exchange.sendResponseHeaders(status, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (written.get() < HUGE) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException clientWentAway) {
                // what a capped client does
            } finally {
                hugeDone.countDown();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();

        PonteProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "ponte.forward.allow-private", String.valueOf(allowPrivate), "ponte.forward.timeout", "20s")))
                .bindOrCreate("ponte", PonteProperties.class);
        HttpComponent http = new HttpComponent();
        new DeliveryConfiguration().forwardTimeouts(properties).configure("http", http);
        camel = new DefaultCamelContext();
        camel.addComponent("http", http);
        camel.start();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private Exchange post(String url) {
        ProducerTemplate template = camel.createProducerTemplate();
        return template.request(url + (url.contains("?") ? "&" : "?") + "httpMethod=POST",
                e -> e.getIn().setBody("{}"));
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::1]",
            "[::127.0.0.1]", "[64:ff9b::127.0.0.1]", "[2002:7f00:1::]", "0.0.0.0", "2130706433"})
    void everyLoopbackFormIsRefusedWhereTheClientConnects(String host) throws Exception {
        start(false);
        Exchange exchange = post("http://" + host + ":" + server.getAddress().getPort() + "/small");
        assertThat(exchange.getException()).as(host).isNotNull();
        assertThat(causes(exchange.getException())).as(host)
                .anyMatch(t -> t instanceof NonRetryableDeliveryException
                        && t.getMessage().contains("non-public")
                        && t.getMessage().contains("ponte.forward.allow-private"));
        assertThat(requests).as("the server saw no request").hasValue(0);
    }

    @Test
    void allowPrivateConnects() throws Exception {
        start(true);
        Exchange exchange = post(base() + "/small");
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(String.class)).hasSize(1000);
        assertThat(requests).hasValue(1);
    }

    @Test
    void aBodyOfExactlyTheCapIsReadWhole() throws Exception {
        start(true);
        Exchange exchange = post(base() + "/exact");
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(byte[].class)).hasSize(GuardedHttpConnections.MAX_RESPONSE_BYTES);
    }

    @Test
    void aHugeResponseIsReadUpTo64KiBAndTheConnectionClosed() throws Exception {
        start(true);
        Exchange exchange = post(base() + "/huge?status=200");
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(byte[].class)).hasSize(GuardedHttpConnections.MAX_RESPONSE_BYTES);
        assertThat(hugeDone.await(60, TimeUnit.SECONDS)).as("the server's write ended").isTrue();
        assertThat(written.get()).as("bytes the server could write before the client closed").isLessThan(HUGE);
        // the pool is still usable after the discarded connection
        assertThat(post(base() + "/small").getException()).isNull();
    }

    @Test
    void aHugeErrorBodyIsCappedToo() throws Exception {
        start(true);
        Exchange exchange = post(base() + "/huge?status=500");
        assertThat(exchange.getException()).isInstanceOf(HttpOperationFailedException.class);
        HttpOperationFailedException failure = (HttpOperationFailedException) exchange.getException();
        assertThat(failure.getStatusCode()).isEqualTo(500);
        assertThat(failure.getResponseBody().length()).isLessThanOrEqualTo(GuardedHttpConnections.MAX_RESPONSE_BYTES);
        assertThat(hugeDone.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(written.get()).isLessThan(HUGE);
    }

    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && all.size() < 20; t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
