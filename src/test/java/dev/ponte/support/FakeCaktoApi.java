package dev.ponte.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ponte.event.EventJson;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Cakto's public API as its reference documents it, over real HTTP on a random loopback port:
 * <ul>
 *   <li>{@code POST /public_api/token/}, form {@code client_id} / {@code client_secret} → {@code access_token},
 *       {@code expires_in}, {@code token_type}, {@code scope}; wrong credentials → 401
 *       (https://docs.cakto.com.br/authentication);</li>
 *   <li>{@code GET /public_api/webhook/event_history/}: {@code count / next / previous / results}, paged with
 *       {@code limit} and {@code page}, filters {@code event_id} (comma list), {@code event_status} and
 *       {@code sentAt} with {@code __gt/__gte/__lt/__lte}, {@code ordering=sentAt|-sentAt}; {@code next} is an
 *       absolute URL on another host, as in the documented example (api-reference/webhooks/event-history);</li>
 *   <li>{@code POST /public_api/webhook/event_resend/{id}/} posts the record's stored payload to its URL again and
 *       records that delivery in the history, like a real one; an unknown id → 404
 *       (api-reference/webhooks/resend-event).</li>
 * </ul>
 * Bearer tokens are checked on every webhook endpoint (401 without a valid one). Switches make it fail.
 */
public final class FakeCaktoApi implements AutoCloseable {

    public static final String CLIENT_ID = "fake-client-id-1234";
    public static final String CLIENT_SECRET = "fake-client-secret-5f8e2a91c7d3b6e4";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One record of the delivery history. */
    public record Record(long id, String eventId, Integer status, Instant sentAt, ObjectNode payload, String url) {
    }

    private final HttpServer server;
    private final List<Record> history = new CopyOnWriteArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1000);
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenCounter = new AtomicInteger();

    /** Every request received, whatever its answer. */
    public final AtomicInteger requests = new AtomicInteger();
    public final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    public final List<Map<String, String>> historyQueries = new CopyOnWriteArrayList<>();
    public final List<Long> resends = new CopyOnWriteArrayList<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** History records whose resend is answered 404 (gone, or another account's). */
    public final Set<Long> gone = ConcurrentHashMap.newKeySet();
    /** Every request answered 503. */
    public volatile boolean down;
    /** Seconds of validity of new tokens. */
    public volatile long expiresIn = 36_000;
    /** Every API call answered 401, even with a fresh token. */
    public volatile boolean refuseTokens;
    /** API calls answered 403 (the key lacks a scope). */
    public volatile boolean forbidden;
    /** Where resent payloads go when a record has no URL. */
    public volatile String defaultTarget;
    /** When set, a history request is answered only once this latch opens ({@link #historyHeld} opens on entry). */
    public volatile CountDownLatch holdHistory;
    public final CountDownLatch historyHeld = new CountDownLatch(1);
    /** The time of the history records a resend creates. */
    public volatile Clock clock = Clock.systemUTC();

    public FakeCaktoApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds a delivery to the history and returns its record id. */
    public long record(String eventId, Integer status, Instant sentAt, ObjectNode payload, String url) {
        long id = nextId.getAndIncrement();
        history.add(new Record(id, eventId, status, sentAt, payload, url));
        return id;
    }

    public List<Record> history() {
        return List.copyOf(history);
    }

    /** Invalidates every token handed out so far (as if they expired early). */
    public void revokeTokens() {
        validTokens.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (down) {
                send(exchange, 503, "{\"detail\":\"Service Unavailable\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/public_api/token/") && method.equals("POST")) {
                token(exchange);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            if (refuseTokens || authorization == null || !authorization.startsWith("Bearer ")
                    || !validTokens.contains(authorization.substring(7))) {
                send(exchange, 401, "{\"detail\":\"As credenciais de autenticação não foram fornecidas.\"}");
                return;
            }
            if (forbidden) {
                send(exchange, 403, "{\"detail\":\"Você não tem permissão para executar essa ação.\"}");
                return;
            }
            if (path.equals("/public_api/webhook/event_history/") && method.equals("GET")) {
                history(exchange);
            } else if (path.startsWith("/public_api/webhook/event_resend/") && method.equals("POST")) {
                resend(exchange, path);
            } else {
                send(exchange, 404, "{\"detail\":\"Não encontrado.\"}");
            }
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        tokenRequests.add(form.getOrDefault("client_id", ""));
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String token = "fake-token-" + tokenCounter.incrementAndGet();
        validTokens.add(token);
        send(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn
                + ",\"token_type\":\"Bearer\",\"scope\":\"read write webhooks\"}");
    }

    private void history(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        historyQueries.add(query);
        CountDownLatch hold = holdHistory;
        if (hold != null) {
            historyHeld.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Record> matching = new ArrayList<>(history.stream().filter(r -> matches(r, query)).toList());
        Comparator<Record> bySentAt = Comparator.comparing(Record::sentAt, Comparator.nullsFirst(Comparator.naturalOrder()));
        String ordering = query.get("ordering");
        if ("sentAt".equals(ordering)) {
            matching.sort(bySentAt.thenComparing(Record::id));
        } else if ("-sentAt".equals(ordering)) {
            matching.sort(bySentAt.thenComparing(Record::id).reversed());
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        int from = Math.min((page - 1) * limit, matching.size());
        int to = Math.min(from + limit, matching.size());
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("count", matching.size());
        if (to < matching.size()) {
            Map<String, String> next = new LinkedHashMap<>(query);
            next.put("page", Integer.toString(page + 1));
            body.put("next", "http://api.example.org/public_api/webhook/event_history/?" + encode(next));
        } else {
            body.putNull("next");
        }
        if (page > 1) {
            Map<String, String> previous = new LinkedHashMap<>(query);
            previous.put("page", Integer.toString(page - 1));
            body.put("previous", "http://api.example.org/public_api/webhook/event_history/?" + encode(previous));
        } else {
            body.putNull("previous");
        }
        ArrayNode results = body.putArray("results");
        for (Record record : matching.subList(from, to)) {
            ObjectNode result = results.addObject();
            result.put("id", record.id());
            ObjectNode app = result.putObject("app");
            app.put("id", 925);
            app.put("status", "active");
            app.put("name", "Webhook App");
            app.put("url", record.url());
            // the history shows the webhook's own secret (api-reference/webhooks/event-history)
            app.putObject("fields").put("secret", record.payload() == null ? null
                    : record.payload().path("secret").asText(null));
            result.put("url", record.url());
            result.set("payload", record.payload());
            result.put("event_id", record.eventId());
            if (record.status() == null) {
                result.putNull("event_status");
            } else {
                result.put("event_status", record.status());
            }
            result.put("sentAt", record.sentAt() == null ? null
                    : OffsetDateTime.ofInstant(record.sentAt(), ZoneOffset.ofHours(-3)).toString());
        }
        send(exchange, 200, EventJson.mapper().writeValueAsString(body));
    }

    private void resend(HttpExchange exchange, String path) throws IOException {
        String id = path.substring("/public_api/webhook/event_resend/".length()).replace("/", "");
        Record record = history.stream().filter(r -> Long.toString(r.id()).equals(id)).findFirst().orElse(null);
        if (record == null || gone.contains(record.id())) {
            send(exchange, 404, "{\"detail\":\"Não encontrado.\"}");
            return;
        }
        resends.add(record.id());
        String target = record.url() != null ? record.url() : defaultTarget;
        Integer status;
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(target))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("User-Agent", "CaktoBot/1.0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.mapper()
                            .writeValueAsBytes(record.payload()))).build(), HttpResponse.BodyHandlers.ofString());
            status = answer.statusCode();
        } catch (IOException e) {
            status = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        record(record.eventId(), status, clock.instant(), record.payload(), record.url());
        send(exchange, 200, "{\"detail\":\"Evento reenviado com sucesso\"}");
    }

    private static boolean matches(Record record, Map<String, String> query) {
        for (Map.Entry<String, String> filter : query.entrySet()) {
            String key = filter.getKey();
            String value = filter.getValue();
            if (key.equals("event_id")) {
                if (!List.of(value.split(",")).contains(record.eventId())) {
                    return false;
                }
            } else if (key.startsWith("event_status")) {
                if (record.status() == null || !compare(key.substring("event_status".length()),
                        record.status().compareTo(Integer.valueOf(value)))) {
                    return false;
                }
            } else if (key.startsWith("sentAt")) {
                if (record.sentAt() == null || !compare(key.substring("sentAt".length()),
                        record.sentAt().compareTo(OffsetDateTime.parse(value).toInstant()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean compare(String operator, int comparison) {
        return switch (operator) {
            case "" -> comparison == 0;
            case "__gt" -> comparison > 0;
            case "__gte" -> comparison >= 0;
            case "__lt" -> comparison < 0;
            case "__lte" -> comparison <= 0;
            default -> throw new IllegalArgumentException("unknown operator " + operator);
        };
    }

    private static Map<String, String> parse(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String encode(Map<String, String> values) {
        return values.entrySet().stream().map(e -> java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The body of a fixture as a payload Cakto stores (the JSON object it posted). */
    public static ObjectNode payload(byte[] fixture) {
        try {
            JsonNode node = EventJson.mapper().readTree(fixture);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
