package dev.ponte.console;

import dev.ponte.eventlog.EventPage;
import dev.ponte.eventlog.EventQuery;
import dev.ponte.eventlog.EventRecord;
import dev.ponte.eventlog.EventSummary;
import dev.ponte.eventlog.LoggedAttempt;
import dev.ponte.eventlog.LoggedWebhook;
import dev.ponte.event.EventJson;
import dev.ponte.provider.ProviderRegistry;
import dev.ponte.reconcile.Reconciliation;
import dev.ponte.reconcile.RunReport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's pages ({@code /admin/} on the management port), rendered with Thymeleaf; htmx swaps the search
 * results and an event's timeline in place. Authentication: {@link ConsoleAuth}.
 */
@Controller
public class ConsolePageController {

    private static final Locale PT_BR = Locale.forLanguageTag("pt-BR");

    private final Console console;
    private final ConsoleAuth auth;
    private final ITemplateEngine templates;
    private final PersonalData personal;
    private final ConsoleView view;
    private final List<String> providers;
    private final Reconciliation reconciliation;

    static final List<String> OUTCOMES = List.of("accepted", "duplicate", "parked", "spooled", "unauthorized",
            "invalid", "too_large", "unavailable", "unknown_provider", "error");

    public ConsolePageController(Console console, ConsoleAuth auth, ITemplateEngine templates, PersonalData personal,
                                 ProviderRegistry providers, Reconciliation reconciliation) {
        this.providers = List.copyOf(providers.names());
        this.reconciliation = reconciliation;
        this.console = console;
        this.auth = auth;
        this.templates = templates;
        this.personal = personal;
        this.view = new ConsoleView(personal);
    }

    @GetMapping("/admin/login")
    public ResponseEntity<String> loginForm(@RequestParam(required = false) String next, HttpServletRequest request) {
        return page(200, "console/login", Map.of("next", safeNext(next), "error", false), request, null);
    }

    @PostMapping("/admin/login")
    public ResponseEntity<String> login(@RequestParam(required = false) String token,
                                        @RequestParam(required = false) String next,
                                        HttpServletRequest request, HttpServletResponse response) {
        if (!auth.matches(token)) {
            return page(401, "console/login", Map.of("next", safeNext(next), "error", true), request, null);
        }
        auth.login(request, response);
        return redirect(safeNext(next));
    }

    @PostMapping("/admin/logout")
    public ResponseEntity<String> logout(HttpServletRequest request, HttpServletResponse response) {
        auth.logout(request, response);
        return redirect("/admin/login");
    }

    /** Only a path of the console: never another site (open redirect). */
    static String safeNext(String next) {
        return next != null && next.startsWith("/admin/") && !next.startsWith("//") && !next.contains("\\")
                && !next.contains("\r") && !next.contains("\n") ? next : "/admin/";
    }

    @GetMapping({"/admin", "/admin/"})
    public ResponseEntity<String> index(@RequestParam Map<String, String> params, HttpServletRequest request) {
        Map<String, Object> model = new HashMap<>();
        model.put("q", params);
        model.put("providers", providers);
        model.put("outcomes", OUTCOMES);
        model.put("logEnabled", console.logEnabled());
        model.put("destinations", destinationsWithDepth());
        if (console.logEnabled()) {
            EventQuery query = query(params);
            EventPage page = console.search(query);
            model.put("events", page.events());
            model.put("next", page.next());
            model.put("nextLink", page.next() == null ? null : link(params, page.next()));
            var counts = console.counts(Duration.ofHours(1));
            model.put("webhookCounts", counts.webhooks());
            model.put("deliveryCounts", counts.deliveries());
            model.put("webhookTotal", counts.webhooks().values().stream().mapToLong(Long::longValue).sum());
        }
        if ("true".equals(request.getHeader("HX-Request")) && console.logEnabled()) {
            return page(200, "console/index", model, request, Set.of("results"));
        }
        return page(200, "console/index", model, request, null);
    }

    private static String link(Map<String, String> params, long next) {
        StringBuilder link = new StringBuilder("/admin/?");
        params.forEach((k, v) -> {
            if (!k.equals("cursor") && v != null && !v.isBlank()) {
                link.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        });
        return link.append("cursor=").append(next).toString();
    }

    private EventQuery query(Map<String, String> params) {
        return AdminApiController.query(params.get("order_id"), params.get("email"), params.get("provider"),
                params.get("type"), params.get("outcome"), pageTime("since", params.get("since")),
                pageTime("until", params.get("until")), params.getOrDefault("limit", "50"), params.get("cursor"));
    }

    /** A {@code datetime-local} value (Brasília time) as an ISO instant; an ISO time with offset passes as is. */
    static String pageTime(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.trim()).atZone(ConsoleView.BRASILIA).toInstant().toString();
        } catch (DateTimeParseException e) {
            AdminApiController.instant(name, value);
            return value;
        }
    }

    private List<Map<String, Object>> destinationsWithDepth() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Console.Destination d : console.destinations()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("route", d.route());
            row.put("queue", d.queue());
            row.put("dlq", d.deadLetterQueue());
            row.put("consumed", d.consumed());
            row.put("depth", console.depth(d.deadLetterQueue()));
            rows.add(row);
        }
        return rows;
    }

    @GetMapping("/admin/events/{id}")
    public ResponseEntity<String> event(@PathVariable String id, @RequestParam(required = false) String replayed,
                                        HttpServletRequest request) {
        return page(200, "console/event", eventModel(id, replayed), request, null);
    }

    @GetMapping("/admin/events/{id}/timeline")
    public ResponseEntity<String> timeline(@PathVariable String id, HttpServletRequest request) {
        return page(200, "console/event", eventModel(id, null), request, Set.of("timeline"));
    }

    @PostMapping("/admin/events/{id}/replay")
    public ResponseEntity<String> replay(@PathVariable String id, @RequestParam(required = false) String route,
                                         HttpServletRequest request) {
        if (route == null || route.isBlank()) {
            throw ConsoleException.badRequest("escolha a rota");
        }
        console.replay(id, route);
        if ("true".equals(request.getHeader("HX-Request"))) {
            return page(200, "console/event", eventModel(id, route), request, Set.of("timeline"));
        }
        return redirect("/admin/events/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?replayed="
                + URLEncoder.encode(route, StandardCharsets.UTF_8));
    }

    /**
     * One step of an event's timeline.
     *
     * @param order where it sorts: its time, except that a publish sorts before the tries it caused (a route may
     *              start delivering before the broker's confirm reaches the webhook's thread)
     */
    public record Step(Instant at, String title, String outcome, String detail, Instant order) {

        Step(Instant at, String title, String outcome, String detail) {
            this(at, title, outcome, detail, at);
        }
    }

    private Map<String, Object> eventModel(String id, String replayed) {
        EventRecord record = console.event(id);
        LoggedWebhook original = record.original().orElse(record.webhooks().isEmpty() ? null : record.webhooks().get(0));
        List<Step> steps = new ArrayList<>();
        for (LoggedWebhook w : record.webhooks()) {
            steps.add(new Step(w.receivedAt(), "Webhook recebido de " + w.provider(), w.outcome(),
                    w.bodyBytes() + " bytes · " + (w.remoteAddress() == null ? "" : w.remoteAddress())
                            + (w.requestId() == null ? "" : " · requisição " + w.requestId())));
            if ("accepted".equals(w.outcome()) || "parked".equals(w.outcome())) {
                Instant firstTry = record.attempts().stream().map(LoggedAttempt::at).min(Instant::compareTo)
                        .orElse(w.answeredAt());
                Instant order = firstTry.isBefore(w.answeredAt()) ? firstTry.minusMillis(1) : w.answeredAt();
                steps.add(new Step(w.answeredAt(), "Publicado em " + (w.type() == null ? "" : w.type()) + " (confirmado)",
                        null, "em " + view.duration(Duration.between(w.receivedAt(), w.answeredAt()).toMillis()), order));
            } else if ("spooled".equals(w.outcome())) {
                steps.add(new Step(w.answeredAt(), "Guardado no spool local (broker indisponível)", null,
                        "publicado quando o broker voltar"));
            }
        }
        for (LoggedAttempt a : record.attempts()) {
            if (!a.isTry()) {
                steps.add(new Step(a.at(), "Reenviado pelo console para " + a.route(), a.outcome(), null));
                continue;
            }
            String detail = (a.status() == null ? "" : "status " + a.status() + " · ")
                    + (a.error() == null ? "" : a.error() + " · ") + view.duration(a.durationMs());
            steps.add(new Step(a.at(), "Entrega em " + a.route() + " · tentativa " + a.attempt(), a.outcome(), detail));
        }
        steps.sort(java.util.Comparator.comparing(Step::order));
        Map<String, Object> model = new HashMap<>();
        model.put("id", id);
        model.put("webhook", original);
        model.put("steps", steps);
        model.put("states", EventSummary.states(record.attempts()));
        model.put("json", original == null || original.eventJson() == null ? null
                : pretty(personal.json(AdminApiController.parse(original.eventJson()))));
        model.put("destinations", console.destinations());
        model.put("replayed", replayed);
        return model;
    }

    private static String pretty(com.fasterxml.jackson.databind.JsonNode json) {
        try {
            return EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json.toString();
        }
    }

    @GetMapping("/admin/routes/{route}")
    public ResponseEntity<String> deadLetters(@PathVariable String route, @RequestParam(required = false) String moved,
                                              HttpServletRequest request) {
        Console.DeadLetterQueue dlq = console.deadLetterQueue(route, EventQuery.MAX_LIMIT);
        Map<String, Object> model = new HashMap<>();
        model.put("dlq", dlq);
        model.put("logEnabled", console.logEnabled());
        model.put("moved", moved);
        return page(200, "console/route", model, request, null);
    }

    @PostMapping("/admin/routes/{route}/dlq/replay")
    public ResponseEntity<String> replayDeadLetters(@PathVariable String route) {
        int moved = console.replayDeadLetters(route).size();
        return redirect("/admin/routes/" + URLEncoder.encode(route, StandardCharsets.UTF_8) + "?moved=" + moved);
    }

    @PostMapping("/admin/routes/{route}/dlq/{id}/replay")
    public ResponseEntity<String> replayDeadLetter(@PathVariable String route, @PathVariable String id) {
        console.replayDeadLetter(route, id);
        return redirect("/admin/routes/" + URLEncoder.encode(route, StandardCharsets.UTF_8) + "?moved=1");
    }

    /** The Cakto reconciliation: each account's state, a dry run and a run now. */
    @GetMapping("/admin/reconcile")
    public ResponseEntity<String> reconcile(HttpServletRequest request) {
        return page(200, "console/reconcile", reconcileModel(null, false, null), request, null);
    }

    /**
     * Runs the reconciliation of every account now ({@code dry_run=true}: only lists what would be resent). With
     * htmx only the result is answered, swapped in under the buttons; without, the whole page.
     */
    @PostMapping("/admin/reconcile")
    public ResponseEntity<String> reconcileNow(@RequestParam(name = "dry_run", defaultValue = "false") String dryRunParam,
                                               HttpServletRequest request) {
        if (!dryRunParam.equals("true") && !dryRunParam.equals("false")) {
            throw ConsoleException.badRequest("dry_run é true ou false");
        }
        boolean dryRun = dryRunParam.equals("true");
        if (!reconciliation.configured()) {
            return page(409, "console/reconcile", reconcileModel(null, dryRun, null), request, null);
        }
        List<RunReport> reports = null;
        String busy = null;
        try {
            reports = reconciliation.runNow(Optional.empty(), dryRun);
        } catch (Reconciliation.BusyException e) {
            busy = e.getMessage();
        }
        Map<String, Object> model = reconcileModel(reports, dryRun, busy);
        if ("true".equals(request.getHeader("HX-Request"))) {
            // the result under the buttons, and the accounts' state swapped out of band: it changed with the run
            model.put("oob", true);
            return page(200, "console/reconcile", model, request, Set.of("result", "accounts"));
        }
        return page(200, "console/reconcile", model, request, null);
    }

    private Map<String, Object> reconcileModel(List<RunReport> reports, boolean dryRun, String busy) {
        Map<String, Object> model = new HashMap<>();
        model.put("configured", reconciliation.configured());
        model.put("states", reconciliation.status());
        model.put("reports", reports);
        model.put("dryRun", dryRun);
        model.put("busy", busy);
        model.put("oob", false);
        return model;
    }

    @ExceptionHandler(ConsoleException.class)
    public ResponseEntity<String> refused(ConsoleException e, HttpServletRequest request) {
        return page(e.status(), "console/error", Map.of("status", e.status(), "detail", e.getMessage()), request, null);
    }

    private ResponseEntity<String> page(int status, String template, Map<String, Object> model,
                                        HttpServletRequest request, Set<String> fragments) {
        Context context = new Context(PT_BR);
        context.setVariables(model);
        context.setVariable("v", view);
        context.setVariable("csrf", request.getAttribute(ConsoleAuth.CSRF_ATTRIBUTE));
        context.setVariable("showPersonalData", personal.shown());
        String html = fragments == null ? templates.process(template, context)
                : templates.process(template, fragments, context);
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; "
                        + "frame-ancestors 'none'; form-action 'self'")
                .header("Referrer-Policy", "no-referrer")
                .body(html);
    }

    private static ResponseEntity<String> redirect(String location) {
        return ResponseEntity.status(303).header("Location", location).build();
    }
}
