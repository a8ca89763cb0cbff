package dev.ponte.provider.cakto.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import dev.ponte.event.Times;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Cakto's public API for one account (https://docs.cakto.com.br/authentication and the webhook pages of the API
 * reference): an OAuth2 client-credentials token ({@code POST /public_api/token/}, form {@code client_id},
 * {@code client_secret}; answer {@code access_token}, {@code expires_in}) kept until shortly before it expires,
 * the webhook delivery history ({@code GET /public_api/webhook/event_history/}, paginated {@code count / next /
 * previous / results}) and the resend of one history record ({@code POST /public_api/webhook/event_resend/{id}/},
 * which posts the stored original payload again). A 401 gets one new token and one more try, then an error.
 * Neither the client secret nor a token is ever put in a message or a log line.
 */
public class CaktoApiClient {

    static final String TOKEN_PATH = "/public_api/token/";
    static final String HISTORY_PATH = "/public_api/webhook/event_history/";
    static final String RESEND_PATH = "/public_api/webhook/event_resend/";

    /** Used when the token answer carries no expires_in. */
    static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(5);
    /** A token is renewed this long before it expires, so none expires between the check and the request. */
    static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = EventJson.mapper();

    private final String account;
    private final String settingPath;
    private final String base;
    private final String clientId;
    private final String clientSecret;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;

    private String token;
    private Instant tokenExpiresAt = Instant.MIN;

    /**
     * @param account     the account's name, for messages
     * @param settingPath where its credentials are configured ({@code ponte.providers.cakto.api.accounts[0]}), for
     *                    messages
     */
    public CaktoApiClient(String account, String settingPath, URI baseUrl, String clientId, String clientSecret,
                          Duration timeout, HttpClient http, Clock clock) {
        this.account = account;
        this.settingPath = settingPath;
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.timeout = timeout;
        this.http = http;
        this.clock = clock;
    }

    /** A client for the JDK's HTTP stack with a connect timeout and no redirects (a bearer token never follows one). */
    public static HttpClient httpClient(Duration timeout) {
        return HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String account() {
        return account;
    }

    /**
     * One page of the delivery history.
     *
     * @param query the filters and paging of the page ({@code sentAt__gte}, {@code ordering}, {@code limit}, or the
     *              query of a previous page's {@link HistoryPage#next()})
     */
    public HistoryPage history(Map<String, String> query) {
        HttpResponse<byte[]> response = authorized(() -> HttpRequest.newBuilder(URI.create(base + HISTORY_PATH
                + "?" + encode(query))).GET(), "read the webhook event history");
        return parsePage(response.body());
    }

    /** Asks Cakto to post the stored payload of one history record to its webhook URL again. */
    public void resend(long recordId) {
        authorized(() -> HttpRequest.newBuilder(URI.create(base + RESEND_PATH + recordId + "/"))
                .POST(HttpRequest.BodyPublishers.noBody()), "resend history record " + recordId);
    }

    private interface RequestFactory {
        HttpRequest.Builder create();
    }

    private HttpResponse<byte[]> authorized(RequestFactory factory, String what) {
        HttpResponse<byte[]> response = send(factory.create().header("Authorization", "Bearer " + token(false)), what);
        if (response.statusCode() == 401) {
            // the token may have been revoked or expired early: one new token, one more try
            response = send(factory.create().header("Authorization", "Bearer " + token(true)), what);
            if (response.statusCode() == 401) {
                throw new CaktoApiException(CaktoApiException.Kind.NOT_AUTHORIZED, "Cakto refused a fresh access "
                        + "token of account " + account + " (HTTP 401) to " + what);
            }
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        if (status == 403) {
            throw new CaktoApiException(CaktoApiException.Kind.NOT_AUTHORIZED, "Cakto answered 403 to " + what
                    + " for account " + account + ": the API key needs the scopes 'read webhooks' and 'write webhooks'");
        }
        throw failure(status, what);
    }

    private synchronized String token(boolean renew) {
        Instant now = clock.instant();
        if (!renew && token != null && now.isBefore(tokenExpiresAt)) {
            return token;
        }
        token = null;
        String form = "client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(base + TOKEN_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), "get an access token");
        int status = response.statusCode();
        if (status == 400 || status == 401 || status == 403) {
            throw new CaktoApiException(CaktoApiException.Kind.CREDENTIALS_REJECTED, "Cakto refused the API "
                    + "credentials of account " + account + " (HTTP " + status + "): check " + settingPath
                    + ".client-id and .client-secret (an API key of Cakto's panel, Integrações > Cakto API)");
        }
        if (status < 200 || status >= 300) {
            throw failure(status, "get an access token");
        }
        JsonNode answer = readJson(response.body(), "token answer");
        JsonNode accessToken = answer.path("access_token");
        if (!accessToken.isTextual() || accessToken.textValue().isBlank()) {
            throw new CaktoApiException(CaktoApiException.Kind.UNEXPECTED, "Cakto's token answer for account "
                    + account + " has no access_token");
        }
        JsonNode expiresIn = answer.path("expires_in");
        Duration lifetime = expiresIn.canConvertToLong() && expiresIn.asLong() > 0
                ? Duration.ofSeconds(expiresIn.asLong()) : DEFAULT_TOKEN_LIFETIME;
        Duration margin = lifetime.compareTo(TOKEN_MARGIN.multipliedBy(2)) > 0 ? TOKEN_MARGIN : lifetime.dividedBy(2);
        token = accessToken.textValue();
        tokenExpiresAt = now.plus(lifetime).minus(margin);
        return token;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, String what) {
        try {
            return http.send(request.timeout(timeout).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CaktoApiException(CaktoApiException.Kind.UNAVAILABLE, "Cakto API not reachable to " + what
                    + " for account " + account + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaktoApiException(CaktoApiException.Kind.UNAVAILABLE, "interrupted", e);
        }
    }

    private CaktoApiException failure(int status, String what) {
        CaktoApiException.Kind kind = status >= 500 || status == 429 || status == 408
                ? CaktoApiException.Kind.UNAVAILABLE
                : status == 404 ? CaktoApiException.Kind.NOT_FOUND : CaktoApiException.Kind.UNEXPECTED;
        return new CaktoApiException(kind, "Cakto answered HTTP " + status + " to " + what + " for account " + account);
    }

    private HistoryPage parsePage(byte[] body) {
        JsonNode page = readJson(body, "event history page");
        JsonNode results = page.path("results");
        if (!results.isArray()) {
            throw new CaktoApiException(CaktoApiException.Kind.UNEXPECTED, "Cakto's event history page for account "
                    + account + " has no results list");
        }
        List<HistoryRecord> records = new ArrayList<>(results.size());
        for (JsonNode result : results) {
            records.add(record(result));
        }
        JsonNode next = page.path("next");
        return new HistoryPage(page.path("count").asLong(records.size()), records,
                next.isTextual() && !next.textValue().isBlank() ? query(next.textValue()) : null);
    }

    private HistoryRecord record(JsonNode result) {
        JsonNode id = result.path("id");
        if (!id.canConvertToLong() && !(id.isTextual() && id.textValue().matches("\\d{1,18}"))) {
            throw new CaktoApiException(CaktoApiException.Kind.UNEXPECTED, "a record of Cakto's event history for "
                    + "account " + account + " has no numeric id");
        }
        ObjectNode payload = payload(result.path("payload"));
        String event = result.path("event_id").isTextual() ? result.path("event_id").textValue()
                : payload != null && payload.path("event").isTextual() ? payload.path("event").textValue() : null;
        JsonNode status = result.path("event_status");
        Integer httpStatus = null;
        if (status.isNumber() && status.canConvertToInt() && status.asInt() > 0) {
            httpStatus = status.asInt();
        } else if (status.isTextual() && status.textValue().matches("\\d{3}")) {
            httpStatus = Integer.valueOf(status.textValue());
        }
        return new HistoryRecord(id.asLong(), event, httpStatus, time(result.path("sentAt")), payload);
    }

    private static ObjectNode payload(JsonNode payload) {
        if (payload.isObject()) {
            return (ObjectNode) payload;
        }
        if (payload.isTextual()) {
            try {
                JsonNode parsed = JSON.readTree(payload.textValue());
                return parsed != null && parsed.isObject() ? (ObjectNode) parsed : null;
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    /** Full precision where the value is ISO-8601 with an offset (the history's usual form), else whole seconds. */
    static Instant time(JsonNode value) {
        if (!value.isTextual() || value.textValue().isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.textValue().trim().replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Times.parse(value, ZoneOffset.UTC);
            } catch (RuntimeException notATime) {
                return null;
            }
        }
    }

    private JsonNode readJson(byte[] body, String what) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new CaktoApiException(CaktoApiException.Kind.UNEXPECTED, "Cakto's " + what + " for account "
                        + account + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new CaktoApiException(CaktoApiException.Kind.UNEXPECTED, "Cakto's " + what + " for account "
                    + account + " is not JSON", e);
        }
    }

    static String encode(Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&");
        query.forEach((key, value) -> joined.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    /**
     * The query parameters of a {@code next} link. Only its query is used: the request goes to the configured base
     * URL, never to a host the answer names (the documented example's {@code next} is on another host).
     */
    static Map<String, String> query(String url) {
        Map<String, String> query = new LinkedHashMap<>();
        int start = url.indexOf('?');
        if (start < 0) {
            return query;
        }
        String raw = url.substring(start + 1);
        int fragment = raw.indexOf('#');
        for (String pair : (fragment < 0 ? raw : raw.substring(0, fragment)).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
