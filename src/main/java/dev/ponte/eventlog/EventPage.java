package dev.ponte.eventlog;

import java.util.List;

/** @param next the cursor of the following page; null on the last page */
public record EventPage(List<EventSummary> events, Long next) {
}
