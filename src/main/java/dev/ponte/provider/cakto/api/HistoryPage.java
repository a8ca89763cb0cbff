package dev.ponte.provider.cakto.api;

import java.util.List;
import java.util.Map;

/**
 * One page of the history: its records and the query of the next page (from {@code next}), null on the last.
 */
public record HistoryPage(long count, List<HistoryRecord> records, Map<String, String> next) {

    public HistoryPage {
        records = List.copyOf(records);
        next = next == null ? null : Map.copyOf(next);
    }
}
