package dev.ponte.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;
import dev.ponte.eventlog.EventPage;
import dev.ponte.eventlog.EventQuery;
import dev.ponte.eventlog.EventRecord;
import dev.ponte.eventlog.EventSummary;
import dev.ponte.eventlog.LoggedAttempt;
import dev.ponte.eventlog.LoggedWebhook;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API on the management port ({@code docs/admin-api.yaml}, also served at
 * {@code /admin/api/openapi.yaml}). Authentication: {@link ConsoleAuth}.
 */
@RestController
public class AdminApiController {

    private final Console console;
    private final PersonalData personal;

    public AdminApiController(Console console, PersonalData personal) {
        this.console = console;
        this.personal = personal;
    }

    @GetMapping(value = "/admin/api/events", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> events(@RequestParam(name = "order_id", required = false) String orderId,
                                      @RequestParam(required = false) String email,
                                      @RequestParam(required = false) String provider,
                                      @RequestParam(required = false) String type,
                                      @RequestParam(required = false) String outcome,
                                      @RequestParam(required = false) String since,
                                      @RequestParam(required = false) String until,
                                      @RequestParam(required = false) String limit,
                                      @RequestParam(required = false) String cursor) {
        EventPage page = console.search(query(orderId, email, provider, type, outcome, since, until, limit, cursor));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page.events().stream().map(this::summary).toList());
        body.put("next", page.next() == null ? null : String.valueOf(page.next()));
        return body;
    }

    static EventQuery query(String orderId, String email, String provider, String type, String outcome, String since,
                            String until, String limit, String cursor) {
        int size;
        try {
            size = limit == null || limit.isBlank() ? 50 : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw ConsoleException.badRequest("limit must be a number");
        }
        Long after;
        try {
            after = cursor == null || cursor.isBlank() ? null : Long.valueOf(cursor.trim());
        } catch (NumberFormatException e) {
            throw ConsoleException.badRequest("cursor must be the next of a previous page");
        }
        try {
            return new EventQuery(orderId, email, provider, type, outcome, instant("since", since),
                    instant("until", until), size, after);
        } catch (IllegalArgumentException e) {
            throw ConsoleException.badRequest(e.getMessage());
        }
    }

    /** An ISO-8601 instant with its offset ({@code 2026-12-01T10:00:00Z}, {@code 2026-12-01T07:00:00-03:00}). */
    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ConsoleException.badRequest(name + " must be an ISO-8601 time with offset, e.g. 2026-12-01T10:00:00Z");
        }
    }

    private Map<String, Object> summary(EventSummary summary) {
        LoggedWebhook w = summary.webhook();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", w.eventId());
        event.put("type", w.type());
        event.put("provider", w.provider());
        event.put("order_id", w.orderId());
        event.put("email", personal.email(w.customerEmail()));
        event.put("received_at", w.receivedAt().toString());
        event.put("outcome", w.outcome());
        event.put("detail", w.detail());
        event.put("request_id", w.requestId());
        event.put("deliveries", summary.deliveries().stream().map(d -> {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("route", d.route());
            state.put("outcome", d.outcome());
            state.put("attempts", d.attempts());
            state.put("last_status", d.lastStatus());
            state.put("last_error", d.lastError());
            state.put("at", d.at().toString());
            return state;
        }).toList());
        return event;
    }

    @GetMapping(value = "/admin/api/events/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> event(@PathVariable String id) {
        EventRecord record = console.event(id);
        Map<String, Object> body = new LinkedHashMap<>();
        LoggedWebhook original = record.original().orElse(record.webhooks().isEmpty() ? null : record.webhooks().get(0));
        body.put("event", original == null || original.eventJson() == null ? null : personal.json(parse(original.eventJson())));
        body.put("deliveries", record.attempts().stream().map(AdminApiController::attempt).toList());
        body.put("webhook", original == null ? null : webhook(original));
        body.put("webhooks", record.webhooks().stream().map(this::webhook).toList());
        return body;
    }

    private Map<String, Object> webhook(LoggedWebhook w) {
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("outcome", w.outcome());
        webhook.put("detail", w.detail());
        webhook.put("provider", w.provider());
        webhook.put("request_id", w.requestId());
        webhook.put("received_at", w.receivedAt().toString());
        webhook.put("answered_at", w.answeredAt().toString());
        webhook.put("remote_address", w.remoteAddress());
        webhook.put("user_agent", w.userAgent());
        webhook.put("body_bytes", w.bodyBytes());
        return webhook;
    }

    static Map<String, Object> attempt(LoggedAttempt a) {
        Map<String, Object> attempt = new LinkedHashMap<>();
        attempt.put("route", a.route());
        attempt.put("attempt", a.attempt());
        attempt.put("outcome", a.outcome());
        attempt.put("status", a.status());
        attempt.put("error", a.error());
        attempt.put("at", a.at().toString());
        attempt.put("duration_ms", a.durationMs());
        return attempt;
    }

    @PostMapping(value = "/admin/api/events/{id}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> replay(@PathVariable String id, @RequestParam(required = false) String route) {
        if (route == null || route.isBlank()) {
            throw ConsoleException.badRequest("route is required: the id of a destination route");
        }
        Console.Replayed replayed = console.replay(id, route);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "published");
        body.put("id", replayed.eventId());
        body.put("route", replayed.route());
        body.put("queue", replayed.queue());
        body.put("type", replayed.routingKey());
        return body;
    }

    @GetMapping(value = "/admin/api/routes", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> routes() {
        return Map.of("routes", console.destinations().stream().map(d -> {
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("route", d.route());
            route.put("queue", d.queue());
            route.put("dead_letter_queue", d.deadLetterQueue());
            route.put("consumed", d.consumed());
            route.put("dead_letters", console.depth(d.deadLetterQueue()));
            return route;
        }).toList());
    }

    @GetMapping(value = "/admin/api/routes/{route}/dlq", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> deadLetters(@PathVariable String route,
                                           @RequestParam(required = false) String limit) {
        int size;
        try {
            size = limit == null || limit.isBlank() ? 50 : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw ConsoleException.badRequest("limit must be a number");
        }
        if (size < 1 || size > EventQuery.MAX_LIMIT) {
            throw ConsoleException.badRequest("limit must be between 1 and " + EventQuery.MAX_LIMIT);
        }
        Console.DeadLetterQueue dlq = console.deadLetterQueue(route, size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("route", route);
        body.put("queue", dlq.destination().deadLetterQueue());
        body.put("depth", dlq.depth());
        body.put("events", dlq.events().stream().map(a -> Map.of("id", a.eventId(), "attempts", a.attempt(),
                "error", a.error() == null ? "" : a.error(), "at", a.at().toString())).toList());
        return body;
    }

    @PostMapping(value = "/admin/api/routes/{route}/dlq/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> replayDeadLetters(@PathVariable String route) {
        List<String> moved = console.replayDeadLetters(route);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("route", route);
        body.put("queue", console.destination(route).queue());
        body.put("moved", moved.size());
        body.put("ids", moved);
        return body;
    }

    @PostMapping(value = "/admin/api/routes/{route}/dlq/{id}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> replayDeadLetter(@PathVariable String route, @PathVariable String id) {
        console.replayDeadLetter(route, id);
        return Map.of("route", route, "queue", console.destination(route).queue(), "moved", 1, "ids", List.of(id));
    }

    /** The former replay endpoint, kept for scripts written against it: replays the whole dead-letter queue. */
    @PostMapping(value = "/admin/destinations/{route}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> legacyReplay(@PathVariable String route) {
        return replayDeadLetters(route);
    }

    @GetMapping(value = "/admin/api/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> stats() {
        var counts = console.counts(Duration.ofHours(1));
        return Map.of("window", "PT1H", "webhooks", counts.webhooks(), "deliveries", counts.deliveries());
    }

    @GetMapping(value = "/admin/api/openapi.yaml", produces = "application/yaml")
    public ResponseEntity<byte[]> openApi() throws IOException {
        try (var in = new ClassPathResource("console/admin-api.yaml").getInputStream()) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml")).body(in.readAllBytes());
        }
    }

    @ExceptionHandler(ConsoleException.class)
    public ResponseEntity<Map<String, Object>> refused(ConsoleException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        if (e.status() == 503) {
            answer.header("Retry-After", "30");
        }
        return answer.contentType(MediaType.APPLICATION_JSON).body(Map.of("error", e.error(), "detail", e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
        return refused(ConsoleException.badRequest("bad parameter " + e.getName()));
    }

    static JsonNode parse(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new ConsoleException(500, "unreadable_event", "the stored event is not readable");
        }
    }
}
