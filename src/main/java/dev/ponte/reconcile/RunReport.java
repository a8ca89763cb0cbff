package dev.ponte.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * What one run for one account did (or, in a dry run, would do): the admin API's answer and the log line's facts.
 *
 * @param from      the history was read from this {@code sentAt} on
 * @param examined  history records read
 * @param found     deliveries Ponte did not take, each counted once (the resend candidates)
 * @param resent    resends Cakto accepted (0 in a dry run)
 * @param gaveUp    deliveries left alone because their event was resent {@code ponte.reconcile.max-attempts} times
 * @param deliveries the candidates, in history order
 * @param error     why the run stopped early; null when it completed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunReport(String account, boolean dryRun, Instant from, int examined, int found, int resent,
                        int gaveUp, List<Delivery> deliveries, Error error) {

    /**
     * @param recordId the Cakto history record
     * @param eventId  Ponte's event id of its payload; null when it cannot be computed without the original bytes
     * @param reason   {@code no_answer}, {@code server_error} ({@code event_status} >= 500) or {@code not_accepted}
     * @param resent   whether Cakto accepted the resend (false in a dry run, and when Cakto answered 404: the record
     *                 is gone; that counts as an attempt and the run goes on)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Delivery(long recordId, String event, Integer status, Instant sentAt, String eventId,
                           String reason, boolean resent) {
    }

    /** @param kind {@code credentials_rejected}, {@code not_authorized}, {@code unavailable}, {@code unexpected} */
    public record Error(String kind, String message) {
    }
}
