package dev.ponte.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** What the page templates call: times in Brasília (UTC on hover), Portuguese labels, masked personal data. */
public class ConsoleView {

    static final ZoneId BRASILIA = ZoneId.of("America/Sao_Paulo");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(BRASILIA);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(BRASILIA);

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("accepted", "aceito"),
            Map.entry("duplicate", "duplicado"),
            Map.entry("parked", "estacionado"),
            Map.entry("spooled", "no spool"),
            Map.entry("unauthorized", "não autorizado"),
            Map.entry("invalid", "inválido"),
            Map.entry("too_large", "grande demais"),
            Map.entry("unavailable", "indisponível"),
            Map.entry("unknown_provider", "provedor desconhecido"),
            Map.entry("error", "erro"),
            Map.entry("delivered", "entregue"),
            Map.entry("retrying", "nova tentativa"),
            Map.entry("dead_lettered", "na fila de falhas"),
            Map.entry("replayed", "reenviado"));

    private final PersonalData personal;

    public ConsoleView(PersonalData personal) {
        this.personal = personal;
    }

    public String local(Instant instant) {
        return instant == null ? "" : LOCAL.format(instant);
    }

    public String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant);
    }

    /** The value of a {@code datetime-local} input, in Brasília time. */
    public String input(Instant instant) {
        return instant == null ? "" : INPUT.format(instant);
    }

    public String label(String outcome) {
        return outcome == null ? "" : LABELS.getOrDefault(outcome, outcome);
    }

    /** CSS class of an outcome badge: ok, warn, bad or neutral. */
    public String tone(String outcome) {
        if (outcome == null) {
            return "neutral";
        }
        return switch (outcome) {
            case "accepted", "delivered" -> "ok";
            case "duplicate", "replayed", "parked", "spooled", "retrying" -> "warn";
            case "unauthorized", "invalid", "too_large", "unavailable", "unknown_provider", "error",
                 "dead_lettered" -> "bad";
            default -> "neutral";
        };
    }

    /** Why the reconciliation resends a Cakto delivery ({@code RunReport.Delivery#reason}). */
    public String reason(String reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case "no_answer" -> "sem resposta";
            case "server_error" -> "erro 5xx";
            case "not_accepted" -> "não recebido pela Ponte";
            default -> reason;
        };
    }

    public String email(String email) {
        return personal.email(email);
    }

    public String duration(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
