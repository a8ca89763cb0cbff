package dev.ponte.eventlog;

import java.nio.charset.StandardCharsets;

/**
 * A webhook's row on its way to the event log: the event's JSON as the UTF-8 bytes that were published, so the
 * writer never turns it into a String.
 *
 * @param webhook   its columns ({@code eventJson} unused)
 * @param eventJson the unified event as published, or null
 */
public record WebhookRow(LoggedWebhook webhook, byte[] eventJson) {

    /** A row from a webhook as read back (its event JSON as text). */
    public static WebhookRow of(LoggedWebhook webhook) {
        return new WebhookRow(webhook, webhook.eventJson() == null ? null
                : webhook.eventJson().getBytes(StandardCharsets.UTF_8));
    }
}
