package dev.ponte.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback that receives forwarded events. Each event id can be given a script of answers
 * (status and headers) for its successive tries; after the script, or without one, it answers 200.
 */
public final class ForwardTarget {

    public record Answer(int status, Map<String, String> headers) {
        public static Answer of(int status) {
            return new Answer(status, Map.of());
        }
    }

    public record Received(Instant at, String path, Map<String, List<String>> headers, byte[] body, int answered) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public ForwardTarget() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/ponte";
    }

    /** Answers for the tries of the event whose body contains {@code marker} (e.g. its order id). */
    public void script(String marker, Answer... answers) {
        scripts.put(marker, new ArrayDeque<>(List.of(answers)));
    }

    /** Every request whose body contains {@code marker}, in order. */
    public List<Received> requestsWith(String marker) {
        return received.stream().filter(r -> r.bodyText().contains(marker)).toList();
    }

    /** Every request received for an event id ({@code webhook-id}), in order. */
    public List<Received> requestsFor(String eventId) {
        return received.stream().filter(r -> eventId.equals(r.header("webhook-id"))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String text = new String(body, StandardCharsets.UTF_8);
        Deque<Answer> script = scripts.entrySet().stream().filter(e -> text.contains(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        Answer answer;
        synchronized (this) {
            answer = script == null || script.isEmpty() ? Answer.of(200) : script.poll();
        }
        received.add(new Received(Instant.now(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body, answer.status()));
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }
}
