package dev.ponte.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.provider.abacatepay.AbacatePaySignature;
import dev.ponte.support.EventSchema;
import dev.ponte.support.Fixtures;
import dev.ponte.support.HostileJson;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue item 5 over real HTTP and RabbitMQ: bad requests of every kind get a 4xx with a clear JSON error, or 202
 * parked, never a 500; nothing is published for a refused request (a sentinel event, posted after, is the first
 * message the queue sees); every parked or accepted event validates against the schema; and the app keeps
 * serving (the last test). Item 7, second half: AbacatePay and Wiapy authenticate from the URL and headers, so a
 * hostile body without their credential is refused 401 before it is parsed; with it, the same body gets its 400.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT extends PonteIntegrationTest {

    /** Credentials these tests present that no provider accepts; LogLeakTest looks for them in the logs too. */
    static final String WRONG_TOKEN = "hostile-wrong-token-4d1f8a6b";
    static final String WRONG_SECRET = "hostile-wrong-secret-9c3e7f20";

    private static final int TEN_MEGABYTES = 10 * 1024 * 1024;
    private static final int LIMIT = 262_144;
    private static final List<String> PROVIDERS = List.of("cakto", "arkama", "abacatepay", "wiapy");
    /** The fixture of each provider the tests start from. */
    private static final Map<String, String> FIXTURE = Map.of("cakto", "purchase_approved.json",
            "arkama", "ORDER_PAID.json", "abacatepay", "checkout.completed.json", "wiapy", "paid.json");
    /** Fields that give each provider's event its id: set to a new value so that every post is a new event. */
    private static final Map<String, List<HostileJson.Path>> IDENTITY = Map.of(
            "cakto", List.of(path("data", "id")),
            "arkama", List.of(path("data", "order", "id")),
            "abacatepay", List.of(path("id")),
            "wiapy", List.of(path("payment", "id")));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String queue;

    @BeforeAll
    static void bindQueue() {
        queue = TestBroker.bindQueue("hostile-all", "#");
    }

    @AfterAll
    static void deleteQueue() {
        TestBroker.delete(queue);
    }

    // ---- requests -----------------------------------------------------------------------------------------

    private static HostileJson.Path path(Object... steps) {
        return new HostileJson.Path(List.of(steps));
    }

    /** A provider's fixture as a new event: its identity fields set to fresh values. */
    private static ObjectNode fresh(String provider) {
        ObjectNode body = HostileJson.parse(Fixtures.bytes(provider, FIXTURE.get(provider)));
        return freshen(provider, body, null);
    }

    private static ObjectNode freshen(String provider, ObjectNode body, HostileJson.Path keep) {
        ObjectNode fresh = body;
        for (HostileJson.Path identity : IDENTITY.get(provider)) {
            if (!identity.equals(keep) && HostileJson.at(fresh, identity) != null) {
                fresh = HostileJson.with(fresh, identity,
                        fresh.textNode((provider.equals("abacatepay") ? "log_" : "") + UUID.randomUUID()));
            }
        }
        return fresh;
    }

    private static byte[] bytes(JsonNode json) {
        return HostileJson.bytes(json);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Posts bytes as the provider would, with its credential: Cakto and Arkama carry theirs in the body (so the
     * bytes decide), AbacatePay gets its secret in the query and the signature of these exact bytes, Wiapy its
     * token in Authorization.
     */
    private Response postAuthenticated(String provider, byte[] body) {
        return switch (provider) {
            case "abacatepay" -> webhooks().post("/webhooks/abacatepay?webhookSecret=" + ABACATEPAY_SECRET, body,
                    Map.of("X-Webhook-Signature", new AbacatePaySignature().sign(body)));
            case "wiapy" -> webhooks().post("/webhooks/wiapy", body, Map.of("Authorization", WIAPY_TOKEN));
            default -> webhooks().post("/webhooks/" + provider, body);
        };
    }

    /** The header/query providers with a wrong credential (and, for AbacatePay, a valid signature). */
    private Response postWithWrongCredential(String provider, byte[] body) {
        return switch (provider) {
            case "abacatepay" -> webhooks().post("/webhooks/abacatepay?webhookSecret=" + WRONG_SECRET, body,
                    Map.of("X-Webhook-Signature", new AbacatePaySignature().sign(body)));
            case "wiapy" -> webhooks().post("/webhooks/wiapy", body, Map.of("Authorization", WRONG_TOKEN));
            default -> throw new IllegalArgumentException(provider + " authenticates from the body");
        };
    }

    /** A 4xx with the contract's JSON error; a 400 also says what is wrong, without echoing the payload. */
    private static JsonNode assertRefused(Response response, int status, String error, String what) {
        assertThat(response.status()).as("%s: answered %s", what, response.body()).isEqualTo(status);
        assertThat(response.raw().headers().firstValue("Content-Type")).as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode json = response.json();
        assertThat(json.path("error").asText()).as(what).isEqualTo(error);
        if (status == 400) {
            assertThat(json.path("detail").asText()).as("%s: a clear error", what).isNotBlank();
        }
        if (status == 401) {
            assertThat(json).as("%s: never says which part was wrong", what)
                    .isEqualTo(JsonNodeFactory.instance.objectNode().put("error", "unauthorized"));
        }
        assertThat(response.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain(CAKTO_SECRET).doesNotContain(ARKAMA_TOKEN).doesNotContain(WRONG_TOKEN);
        return json;
    }

    private static void assertInvalidJson(Response response, String detail, String what) {
        assertThat(assertRefused(response, 400, "invalid_json", what).path("detail").asText()).as(what)
                .contains(detail);
    }

    /** Posts a new accepted event and returns what was published before it: what the test published. */
    private List<JsonNode> publishedBeforeSentinel() {
        Response sentinel = webhooks().post("/webhooks/cakto", bytes(fresh("cakto")));
        assertThat(sentinel.status()).as("sentinel answered %s", sentinel.body()).isEqualTo(200);
        List<JsonNode> events = TestBroker.receiveUntil(queue, sentinel.json().path("id").asText(), 10_000);
        return events.subList(0, events.size() - 1);
    }

    private void assertNothingPublished() {
        assertThat(publishedBeforeSentinel()).extracting(e -> e.path("id").asText()).isEmpty();
    }

    /** Each answer's event was published, once, and validates; nothing else was published. */
    private void assertPublishedAndValid(List<Response> answers) {
        Map<String, JsonNode> published = new LinkedHashMap<>();
        lastPublished = publishedBeforeSentinel();
        for (JsonNode event : lastPublished) {
            assertThat(published.put(event.path("id").asText(), event)).as("published twice").isNull();
            EventSchema.assertValid(event);
        }
        Set<String> answered = answers.stream().filter(r -> !r.json().path("status").asText().equals("duplicate"))
                .map(r -> r.json().path("id").asText()).collect(Collectors.toSet());
        assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(answered);
    }

    // ---- item 5 -------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void emptyBodyIs400OrForTheHeaderProvidersWithoutCredential401() {
        for (String provider : PROVIDERS) {
            assertInvalidJson(postAuthenticated(provider, new byte[0]), "empty body", provider + " empty");
            assertInvalidJson(postAuthenticated(provider, utf8(" \r\n\t ")), "empty body", provider + " blank");
        }
        for (String provider : List.of("abacatepay", "wiapy")) {
            assertRefused(postWithWrongCredential(provider, new byte[0]), 401, "unauthorized", provider);
        }
        assertNothingPublished();
    }

    @Test
    @Order(2)
    void tenMegabytesWithContentLengthAre413() {
        HttpResponse<String> response = sendStreaming(tenMegabytes(), TEN_MEGABYTES);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"error\":\"payload_too_large\"");
        assertNothingPublished();
    }

    @Test
    @Order(3)
    void tenMegabytesChunkedWithoutContentLengthAre413() {
        HttpResponse<String> response = sendStreaming(tenMegabytes(), -1);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"error\":\"payload_too_large\"");
        assertNothingPublished();
    }

    /**
     * The sender declares 10 MB and stops after 64 KiB (or, chunked, after the limit plus 16 KiB): a server that read
     * the whole body before answering would wait for bytes that never come.
     */
    @Test
    @Order(4)
    void theLargeBodyIsRefusedBeforeItIsReadWhole() throws IOException {
        byte[] part = new byte[64 * 1024];
        Arrays.fill(part, (byte) ' ');
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(utf8("POST /webhooks/cakto HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + TEN_MEGABYTES + "\r\n\r\n"));
            out.write(part);
            out.flush();
            assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(utf8("POST /webhooks/cakto HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"));
            byte[] chunk = new byte[16 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent <= LIMIT; sent += chunk.length) {
                out.write(utf8(Integer.toHexString(chunk.length) + "\r\n"));
                out.write(chunk);
                out.write(utf8("\r\n"));
            }
            out.flush();
            // no terminating chunk: the body never ends
            assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
        }
        assertNothingPublished();
    }

    @Test
    @Order(5)
    void tenThousandLevelsOfNestingAre400() {
        String arrays = "[".repeat(10_000) + "]".repeat(10_000);
        String objects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        for (String provider : PROVIDERS) {
            for (String nested : List.of(arrays, objects)) {
                assertInvalidJson(postAuthenticated(provider, envelope(provider, nested)), "parser limits",
                        provider + " nested " + nested.charAt(0));
            }
            assertInvalidJson(postAuthenticated(provider, utf8(arrays)), "parser limits", provider + " top-level");
        }
        assertNothingPublished();
    }

    @Test
    @Order(6)
    void hugeNumbersAre400WhenTheParserRefusesThemAndOtherwiseParkedQuickly() {
        for (String provider : PROVIDERS) {
            assertInvalidJson(postAuthenticated(provider, envelope(provider, "1" + "0".repeat(100))), "parser limits",
                    provider + " 101 digits");
            assertInvalidJson(postAuthenticated(provider, envelope(provider, "1e" + "9".repeat(100))),
                    "parser limits", provider + " 100-digit exponent");
            assertInvalidJson(postAuthenticated(provider, envelope(provider, "NaN")), "malformed JSON",
                    provider + " NaN");
            assertInvalidJson(postAuthenticated(provider, envelope(provider, "-Infinity")), "malformed JSON",
                    provider + " -Infinity");
        }
        assertNothingPublished();

        // a billion digits once written out: each is parked within the normal time, not after minutes of CPU
        Map<String, HostileJson.Path> amounts = Map.of("cakto", path("data", "amount"),
                "arkama", path("data", "order", "total_value"), "abacatepay", path("data", "checkout", "paidAmount"),
                "wiapy", path("payment", "amount"));
        List<Response> answers = new ArrayList<>();
        for (String provider : PROVIDERS) {
            for (JsonNode huge : List.of(decimal("1e999999999"), decimal("1e-999999999"),
                    JsonNodeFactory.instance.textNode("1e-999999999"), decimal("1e309"))) {
                ObjectNode body = HostileJson.with(fresh(provider), amounts.get(provider), huge);
                long started = System.nanoTime();
                Response response = postAuthenticated(provider, bytes(body));
                long millis = (System.nanoTime() - started) / 1_000_000;
                String what = provider + " amount " + huge;
                assertThat(response.status()).as("%s answered %s", what, response.body()).isEqualTo(202);
                assertThat(response.json().path("reason").asText()).as(what).startsWith("not normalizable");
                assertThat(millis).as("%s answered in ms", what).isLessThan(10_000);
                answers.add(response);
            }
            HostileJson.Path eventName = provider.equals("wiapy") ? path("payment", "status") : path("event");
            answers.add(webhooksAnswer(provider, HostileJson.with(fresh(provider), eventName, decimal("1e999999999")),
                    202));
        }
        assertPublishedAndValid(answers);
    }

    @Test
    @Order(7)
    void numbersAsStringsAndStringsAsNumbersAreReadOrParked() {
        ObjectNode cakto = fresh("cakto");
        ObjectNode caktoData = (ObjectNode) cakto.get("data");
        caktoData.put("amount", "197.0").put("installments", "1").put("fees", "10.43")
                .put("id", Math.abs(UUID.randomUUID().getMostSignificantBits()));
        ObjectNode arkama = fresh("arkama");
        ((ObjectNode) arkama.get("data").get("order")).put("total_value", new java.math.BigDecimal("147.00"));
        ObjectNode abacatepay = fresh("abacatepay");
        ((ObjectNode) abacatepay.get("data").get("checkout")).put("amount", "8990").put("paidAmount", "8990");
        abacatepay.put("devMode", "true");
        ObjectNode wiapy = fresh("wiapy");
        ((ObjectNode) wiapy.get("payment")).put("amount", "1770").put("installments", "0");

        List<Response> answers = new ArrayList<>();
        Map<String, ObjectNode> accepted = Map.of("cakto", cakto, "arkama", arkama, "abacatepay", abacatepay,
                "wiapy", wiapy);
        Map<String, Long> cents = Map.of("cakto", 19700L, "arkama", 14700L, "abacatepay", 8990L, "wiapy", 1770L);
        for (String provider : PROVIDERS) {
            answers.add(webhooksAnswer(provider, accepted.get(provider), 200));
        }
        // a number where the status (the event's state) is expected: not a status Ponte knows, so parked
        ObjectNode caktoStatus = fresh("cakto");
        ((ObjectNode) caktoStatus.get("data")).put("status", 1);
        answers.add(webhooksAnswer("cakto", caktoStatus, 202));
        ObjectNode wiapyStatus = fresh("wiapy");
        ((ObjectNode) wiapyStatus.get("payment")).put("status", 1);
        answers.add(webhooksAnswer("wiapy", wiapyStatus, 202));
        assertPublishedAndValid(answers);

        for (int i = 0; i < PROVIDERS.size(); i++) {
            String provider = PROVIDERS.get(i);
            assertThat(answers.get(i).json().path("status").asText()).as(provider).isEqualTo("accepted");
        }
        Map<String, JsonNode> events = new HashMap<>();
        answers.forEach(a -> events.put(a.json().path("id").asText(), a.json()));
        assertThat(events).hasSize(answers.size());
        lastPublished.forEach(event -> {
            String provider = event.path("provider").asText();
            if (!event.path("type").isNull() && cents.containsKey(provider)) {
                assertThat(event.path("order").path("amount_cents").asLong()).as(provider)
                        .isEqualTo(cents.get(provider));
            }
        });
        JsonNode caktoEvent = lastPublished.stream()
                .filter(e -> e.path("id").asText().equals(answers.get(0).json().path("id").asText())).findFirst()
                .orElseThrow();
        assertThat(caktoEvent.path("order").path("id").asText()).isEqualTo(caktoData.path("id").asText());
        assertThat(caktoEvent.path("order").path("installments").asInt()).isEqualTo(1);
        JsonNode abacatepayEvent = lastPublished.stream()
                .filter(e -> e.path("id").asText().equals(answers.get(2).json().path("id").asText())).findFirst()
                .orElseThrow();
        assertThat(abacatepayEvent.path("test_mode").asBoolean()).isTrue();
    }

    /**
     * A sample of NormalizerWrongTypesTest over HTTP: for each provider's fixture, spread over its fields, each
     * value of the wrong type. An authenticated JSON object is never refused: 200 or 202, and what is published
     * validates.
     */
    @Test
    @Order(8)
    void wrongTypesInAuthenticatedObjectsAre200Or202() {
        List<String> kinds = List.of("object", "array", "string", "1e309", "true", "null", "1e999999999");
        List<Response> answers = new ArrayList<>();
        for (String provider : PROVIDERS) {
            ObjectNode body = fresh(provider);
            List<HostileJson.Path> paths = HostileJson.paths(body).stream()
                    .filter(p -> !List.of("secret", "token").contains(p.steps().get(0))).toList();
            int stride = Math.max(1, paths.size() / 8);
            for (int k = 0; k < kinds.size(); k++) {
                for (int i = k % stride; i < paths.size(); i += stride) {
                    HostileJson.Path target = paths.get(i);
                    ObjectNode variant = freshen(provider,
                            HostileJson.with(body, target, HostileJson.wrongValues().get(kinds.get(k))), target);
                    Response response = postAuthenticated(provider, bytes(variant));
                    assertThat(response.status()).as("%s %s = %s answered %s", provider, target, kinds.get(k),
                            response.body()).isIn(200, 202);
                    answers.add(response);
                }
            }
        }
        assertThat(answers).hasSizeGreaterThan(100);
        assertPublishedAndValid(answers);
    }

    @Test
    @Order(9)
    void invalidUtf8Is400() {
        Map<String, byte[]> sequences = new LinkedHashMap<>();
        sequences.put("C3 28", new byte[]{(byte) 0xC3, 0x28});
        sequences.put("FF", new byte[]{(byte) 0xFF});
        sequences.put("lone continuation 80", new byte[]{(byte) 0x80});
        sequences.put("truncated E2 82", new byte[]{(byte) 0xE2, (byte) 0x82});
        sequences.put("overlong C0 AF ('/')", new byte[]{(byte) 0xC0, (byte) 0xAF});
        sequences.put("encoded surrogate ED A0 80", new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        sequences.put("beyond U+10FFFF F4 90 80 80", new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
        for (String provider : PROVIDERS) {
            for (Map.Entry<String, byte[]> bad : sequences.entrySet()) {
                byte[] body = withBytesInAString(fresh(provider), bad.getValue());
                assertInvalidJson(postAuthenticated(provider, body), "UTF-8", provider + " " + bad.getKey());
            }
        }
        assertNothingPublished();
    }

    @Test
    @Order(10)
    void duplicateKeysAre400EvenAroundAValidCredential() {
        for (String provider : PROVIDERS) {
            String json = bytesAsString(fresh(provider));
            // Cakto and Arkama: a wrong credential first, the right one after; the others: their event field twice
            String first = switch (provider) {
                case "cakto" -> "\"secret\":\"" + WRONG_SECRET + "\"";
                case "arkama" -> "\"token\":\"" + WRONG_TOKEN + "\"";
                case "abacatepay" -> "\"event\":\"subscription.cancelled\"";
                default -> "\"payment\":{}";
            };
            String last = switch (provider) {
                case "cakto" -> "\"secret\":\"" + CAKTO_SECRET + "\"";
                case "arkama" -> "\"token\":\"" + ARKAMA_TOKEN + "\"";
                case "abacatepay" -> "\"event\":\"checkout.completed\"";
                default -> "\"payment\":{\"status\":\"refunded\"}";
            };
            assertInvalidJson(postAuthenticated(provider, utf8("{" + first + "," + json.substring(1))),
                    "duplicate object key", provider + " duplicate first");
            assertInvalidJson(postAuthenticated(provider, utf8(json.substring(0, json.length() - 1) + "," + last
                    + "}")), "duplicate object key", provider + " duplicate last");
            String nested = json.replaceFirst("(\"(?:data|payment)\":\\{)", "$1\"n\":1,\"n\":1,");
            assertThat(nested).as(provider).isNotEqualTo(json);
            assertInvalidJson(postAuthenticated(provider, utf8(nested)), "duplicate object key",
                    provider + " nested duplicate");
        }
        assertNothingPublished();
    }

    @Test
    @Order(11)
    void aValidCredentialWithAnythingButAJsonObjectIs400() {
        for (String provider : PROVIDERS) {
            String object = bytesAsString(fresh(provider));
            Map<String, String> bodies = new LinkedHashMap<>();
            bodies.put("[" + object + "]", "got an array");
            bodies.put("[" + object + "," + object + "]", "got an array");
            bodies.put(JsonNodeFactory.instance.textNode(object).toString(), "got a string");
            bodies.put("42", "got a number");
            bodies.put("true", "got a boolean");
            bodies.put("null", "got null");
            bodies.put(object + object, "malformed JSON");
            bodies.put(object + " trailing", "malformed JSON");
            bodies.put(object.substring(0, object.length() / 2), "unexpected end of input");
            bodies.forEach((body, detail) -> assertInvalidJson(postAuthenticated(provider, utf8(body)), detail,
                    provider + " " + detail + ": " + body.substring(0, Math.min(40, body.length()))));
        }
        assertNothingPublished();
    }

    @Test
    @Order(12)
    void headerInjectionInTheProviderNameIsRefused() {
        List<String> paths = List.of("/webhooks/cakto%0d%0aX-Injected:%201", "/webhooks/cakto%0aX-Injected:1",
                "/webhooks/%0d%0aSet-Cookie:%20injected=1", "/webhooks/cakto%0d%0a%0d%0a%7B%7D",
                "/webhooks/cakto%00", "/webhooks/cakto%20", "/webhooks/CAKTO", "/webhooks/cakt%C3%B3",
                "/webhooks/%F0%9F%98%80", "/webhooks/%FF%FE", "/webhooks/" + "a".repeat(2000),
                "/webhooks/cakto%3Fsecret=x", "/webhooks/cakto%23");
        for (String path : paths) {
            Response response = webhooks().post(path, bytes(fresh("cakto")));
            assertThat(response.status()).as("%s answered %s", path, response.body()).isIn(400, 404);
            assertThat(response.raw().headers().map().keySet()).as(path)
                    .noneMatch(h -> h.equalsIgnoreCase("X-Injected") || h.equalsIgnoreCase("Set-Cookie"));
            assertThat(response.body()).as(path).doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("injected").doesNotContain("Tomcat");
        }
        assertNothingPublished();
    }

    @Test
    @Order(13)
    void pathTraversalInTheProviderNameReachesNothing() {
        List<String> paths = List.of("/webhooks/..%2Fadmin", "/webhooks/..%2f..%2factuator%2fenv",
                "/webhooks/%2e%2e/%2e%2e/actuator/env", "/webhooks/..;/..;/actuator/env",
                "/webhooks/%252e%252e%252factuator", "/webhooks/..%5c..%5cactuator%5cenv",
                "/webhooks/cakto/..%2f..%2factuator%2fhealth", "/webhooks/%2e%2e%2f", "/webhooks/../actuator/env",
                "/webhooks/../actuator/health", "/webhooks/cakto/../../actuator/prometheus", "/webhooks/.",
                "/webhooks/..", "/webhooks/", "/webhooks/cakto/extra");
        for (String path : paths) {
            Response response = webhooks().post(path, bytes(fresh("cakto")));
            assertThat(response.status()).as("%s answered %s", path, response.body()).isBetween(400, 499);
            assertThat(response.body()).as(path).doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("Tomcat").doesNotContain("\"status\":\"UP\"");
        }
        assertNothingPublished();
    }

    // ---- item 7: authentication before parsing ---------------------------------------------------------------

    /**
     * AbacatePay and Wiapy prove who sends from the URL and headers: a hostile body without their credential is 401,
     * not the 400 its parsing would give, so it was never parsed; with the credential, the same body gets its 400.
     * Cakto and Arkama have to parse the body to find theirs, so there the 400 comes first.
     */
    @Test
    @Order(14)
    void headerAuthenticatedProvidersRefuseHostileBodiesBeforeParsingThem() {
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("malformed", utf8("{\"event\":"));
        hostile.put("nested", utf8("[".repeat(10_000) + "]".repeat(10_000)));
        hostile.put("array", utf8("[{\"event\":\"checkout.completed\"}]"));
        hostile.put("duplicate keys", utf8("{\"event\":\"a\",\"event\":\"b\"}"));
        hostile.put("invalid UTF-8", new byte[]{'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}'});
        hostile.put("101 digits", utf8("{\"n\":1" + "0".repeat(100) + "}"));
        hostile.put("empty", new byte[0]);
        for (String provider : List.of("abacatepay", "wiapy")) {
            for (Map.Entry<String, byte[]> body : hostile.entrySet()) {
                String what = provider + " " + body.getKey();
                assertRefused(postWithWrongCredential(provider, body.getValue()), 401, "unauthorized", what);
                assertRefused(webhooks().post("/webhooks/" + provider, body.getValue()), 401, "unauthorized",
                        what + " without credential");
                assertRefused(postAuthenticated(provider, body.getValue()), 400, "invalid_json",
                        what + " authenticated");
            }
        }
        // AbacatePay's signature is checked over the raw bytes, also before parsing
        assertRefused(webhooks().post("/webhooks/abacatepay?webhookSecret=" + ABACATEPAY_SECRET,
                hostile.get("malformed"), Map.of("X-Webhook-Signature", new AbacatePaySignature().sign(utf8("{}")))),
                401, "unauthorized", "abacatepay signature of other bytes");
        for (String provider : List.of("cakto", "arkama")) {
            assertInvalidJson(webhooks().post("/webhooks/" + provider, hostile.get("malformed")), "unexpected end",
                    provider + " parses to authenticate");
        }
        assertNothingPublished();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void afterAllOfItTheAppStillAcceptsANormalWebhookOfEveryProvider() {
        List<Response> answers = new ArrayList<>();
        for (String provider : PROVIDERS) {
            answers.add(webhooksAnswer(provider, fresh(provider), 200));
            assertThat(answers.get(answers.size() - 1).json().path("status").asText()).isEqualTo("accepted");
        }
        assertPublishedAndValid(answers);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** The events of the last {@link #assertPublishedAndValid} call. */
    private List<JsonNode> lastPublished = List.of();

    private Response webhooksAnswer(String provider, ObjectNode body, int status) {
        Response response = postAuthenticated(provider, bytes(body));
        assertThat(response.status()).as("%s answered %s", provider, response.body()).isEqualTo(status);
        return response;
    }

    private static JsonNode decimal(String value) {
        return JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(value));
    }

    private static String bytesAsString(JsonNode json) {
        return new String(bytes(json), StandardCharsets.UTF_8);
    }

    /**
     * A body whose {@code data} (Wiapy: {@code payment.extra}) holds {@code json} as raw text, with each provider's
     * envelope and the credential of Cakto and Arkama.
     */
    private static byte[] envelope(String provider, String json) {
        return utf8(switch (provider) {
            case "cakto" -> "{\"secret\":\"" + CAKTO_SECRET + "\",\"event\":\"purchase_approved\",\"data\":"
                    + json + "}";
            case "arkama" -> "{\"token\":\"" + ARKAMA_TOKEN + "\",\"event\":\"ORDER_PAID\",\"data\":" + json + "}";
            case "abacatepay" -> "{\"event\":\"checkout.completed\",\"data\":" + json + "}";
            default -> "{\"payment\":{\"status\":\"paid\",\"type\":\"payment\",\"extra\":" + json + "}}";
        });
    }

    /** The body with {@code bad} bytes inside a string value (a new field {@code "note"} at the top). */
    private static byte[] withBytesInAString(ObjectNode body, byte[] bad) {
        byte[] json = bytes(body);
        byte[] head = utf8("{\"note\":\"a");
        byte[] tail = utf8("b\",");
        byte[] out = new byte[head.length + bad.length + tail.length + json.length - 1];
        int at = 0;
        System.arraycopy(head, 0, out, at, head.length);
        at += head.length;
        System.arraycopy(bad, 0, out, at, bad.length);
        at += bad.length;
        System.arraycopy(tail, 0, out, at, tail.length);
        at += tail.length;
        System.arraycopy(json, 1, out, at, json.length - 1);
        return out;
    }

    private static String statusLine(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                .readLine();
    }

    /** A JSON object of the given length, produced as it is sent, never held in memory. */
    private static HttpRequest.BodyPublisher tenMegabytes() {
        byte[] head = utf8("{\"secret\":\"" + CAKTO_SECRET + "\",\"padding\":\"");
        return HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= TEN_MEGABYTES) {
                    return -1;
                }
                int n = (int) Math.min(len, TEN_MEGABYTES - position);
                for (int i = 0; i < n; i++, position++) {
                    b[off + i] = position < head.length ? head[(int) position]
                            : position == TEN_MEGABYTES - 2 ? (byte) '"'
                            : position == TEN_MEGABYTES - 1 ? (byte) '}' : (byte) 'x';
                }
                return n;
            }
        });
    }

    private HttpResponse<String> sendStreaming(HttpRequest.BodyPublisher body, long contentLength) {
        HttpRequest request = HttpRequest.newBuilder(webhooks().uri("/webhooks/cakto"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(contentLength >= 0 ? HttpRequest.BodyPublishers.fromPublisher(body, contentLength) : body)
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
