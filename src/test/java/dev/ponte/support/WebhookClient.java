package dev.ponte.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Posts webhooks to the running app over real HTTP. */
public final class WebhookClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public WebhookClient(int port) {
        this.port = port;
    }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return EventJson.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Response post(String pathAndQuery, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    public Response post(String pathAndQuery, byte[] body) {
        return post(pathAndQuery, body, Map.of());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** GET with {@code Authorization: Bearer <token>} (the admin token of the management port). */
    public Response get(String path, String bearerToken) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearerToken).GET().build());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
