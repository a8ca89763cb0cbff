package dev.ponte.provider.cakto.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One delivery in Cakto's webhook event history ({@code GET /public_api/webhook/event_history/}).
 *
 * @param id       the history record's id: what {@code event_resend/{id}/} takes
 * @param event    the event's name ({@code event_id}, the event's {@code custom_id}, e.g. {@code purchase_approved})
 * @param status   HTTP status the endpoint answered ({@code event_status}); null when it gave no answer
 * @param sentAt   when Cakto sent it ({@code sentAt}); null when absent
 * @param payload  the body as sent ({@code payload}: {@code secret}, {@code event}, {@code data}); null when absent
 */
public record HistoryRecord(long id, String event, Integer status, Instant sentAt, ObjectNode payload) {
}
