package dev.ponte.eventlog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A webhook of a search result and, per destination route, where its event stands. */
public record EventSummary(LoggedWebhook webhook, List<RouteState> deliveries) {

    /**
     * @param outcome    the latest try's outcome ({@code delivered}, {@code retrying}, {@code dead_lettered}), or
     *                   {@code replayed} while a replay waits for its first try
     * @param attempts   tries so far
     * @param lastStatus HTTP status or SMTP reply of the latest try
     * @param lastError  why the latest try failed
     * @param at         when the latest try (or replay) started
     */
    public record RouteState(String route, String outcome, int attempts, Integer lastStatus, String lastError,
                             Instant at) {
    }

    /** Each route's state from its rows, oldest first. */
    public static List<RouteState> states(List<LoggedAttempt> attempts) {
        Map<String, List<LoggedAttempt>> byRoute = new LinkedHashMap<>();
        for (LoggedAttempt attempt : attempts) {
            byRoute.computeIfAbsent(attempt.route(), r -> new ArrayList<>()).add(attempt);
        }
        List<RouteState> states = new ArrayList<>();
        byRoute.forEach((route, rows) -> {
            LoggedAttempt last = rows.get(rows.size() - 1);
            int tries = (int) rows.stream().filter(LoggedAttempt::isTry).count();
            LoggedAttempt lastTry = rows.stream().filter(LoggedAttempt::isTry).reduce((a, b) -> b).orElse(last);
            states.add(new RouteState(route, last.outcome(), tries, lastTry.status(), lastTry.error(), last.at()));
        });
        return states;
    }
}
