package dev.ponte.reconcile;

import dev.ponte.provider.cakto.api.CaktoApiClient;
import dev.ponte.provider.cakto.api.CaktoApiException;
import dev.ponte.provider.cakto.api.HistoryPage;
import dev.ponte.provider.cakto.api.HistoryRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the reconciliation for one Cakto account. It reads the delivery history from the checkpoint (less
 * {@code overlap}) on, page by page, keeps the deliveries addressed to this Ponte (those carrying one of its Cakto
 * secrets; others went to another webhook of the account) and groups them by event:
 * <ul>
 *   <li>a payload whose Ponte event id can be computed is resent when that id is not {@link AcceptedEvents accepted},
 *       whatever status the history shows (an answer may not have reached Cakto, and a 2xx of something in front of
 *       Ponte proves nothing); an accepted one never is;</li>
 *   <li>a payload whose id depends on the exact bytes sent (no object id or version) is resent when none of its
 *       deliveries got a 2xx and one got no answer or 500 or more.</li>
 * </ul>
 * The latest delivery of each event is resent, at most once per run, at most {@code max-attempts} times in all, at
 * most {@code resends-per-second}. The checkpoint then moves to the newest delivery seen, but never past the oldest
 * resent event still to arrive, so the next run checks it again.
 */
public class AccountReconciler {

    private static final Logger log = LoggerFactory.getLogger(AccountReconciler.class);
    /** A history longer than this many pages in one run is taken to be a paging loop. */
    static final int MAX_PAGES = 10_000;
    private static final DateTimeFormatter FILTER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);

    private final String account;
    private final CaktoApiClient client;
    private final PayloadIdentity identity;
    private final AcceptedEvents accepted;
    private final ReconcileStore store;
    private final ReconcileProperties properties;
    private final int pageSize;
    private final ResendThrottle throttle;
    private final Clock clock;
    private final Counter foundCounter;
    private final Counter resentCounter;

    public AccountReconciler(String account, CaktoApiClient client, PayloadIdentity identity, AcceptedEvents accepted,
                             ReconcileStore store, ReconcileProperties properties, int pageSize,
                             ResendThrottle throttle, Clock clock, MeterRegistry registry) {
        this.account = account;
        this.client = client;
        this.identity = identity;
        this.accepted = accepted;
        this.store = store;
        this.properties = properties;
        this.pageSize = pageSize;
        this.throttle = throttle;
        this.clock = clock;
        this.foundCounter = Counter.builder("ponte.reconcile.found").tag("account", account)
                .description("Cakto deliveries Ponte did not take, found by the reconciliation").register(registry);
        this.resentCounter = Counter.builder("ponte.reconcile.resent").tag("account", account)
                .description("Cakto deliveries resent by the reconciliation").register(registry);
    }

    public String account() {
        return account;
    }

    /** A delivery to this Ponte, keyed by its event id, or by a hash of its payload when the id is unknown. */
    private record Delivery(HistoryRecord record, String eventId, String key) {
    }

    private record Candidate(HistoryRecord record, String eventId, String key, String reason) {
    }

    /**
     * @throws CaktoApiException     when Cakto fails (nothing after the failure is done; the checkpoint stays)
     * @throws IllegalStateException when the store or the accepted-events lookup fails
     */
    public RunReport run(boolean dryRun) {
        Instant now = clock.instant();
        Instant checkpoint = store.checkpoint(account).orElse(now.minus(properties.lookback()));
        Instant from = checkpoint.minus(properties.overlap());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("sentAt__gte", FILTER_TIME.format(from));
        query.put("ordering", "sentAt");
        query.put("limit", Integer.toString(pageSize));

        List<HistoryRecord> records = new ArrayList<>();
        for (int pages = 1; ; pages++) {
            HistoryPage page = client.history(query);
            records.addAll(page.records());
            if (page.next() == null) {
                break;
            }
            if (page.next().equals(query) || pages >= MAX_PAGES) {
                throw new CaktoApiException(CaktoApiException.Kind.UNEXPECTED, "Cakto's event history for account "
                        + account + " keeps answering another page (" + pages + " read)");
            }
            query = new LinkedHashMap<>(page.next());
        }

        Instant newest = checkpoint;
        Map<String, List<Delivery>> byKey = new LinkedHashMap<>();
        for (HistoryRecord record : records) {
            if (record.sentAt() != null && record.sentAt().isAfter(newest)) {
                newest = record.sentAt();
            }
            Delivery delivery = delivery(record);
            if (delivery != null) {
                byKey.computeIfAbsent(delivery.key(), key -> new ArrayList<>()).add(delivery);
            }
        }
        int gaveUp = 0;
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<String, List<Delivery>> group : byKey.entrySet()) {
            Candidate candidate = candidate(group.getValue());
            if (candidate == null) {
                continue;
            }
            int attempts = store.attempts(account, group.getKey());
            if (attempts >= properties.maxAttempts()) {
                gaveUp++;
                log.warn("reconcile account={} gives up on history record {} ({}, event {}): resent {} times and "
                                + "still not taken", account, candidate.record().id(), candidate.record().event(),
                        candidate.eventId(), attempts);
                continue;
            }
            candidates.add(candidate);
        }

        List<RunReport.Delivery> deliveries = new ArrayList<>(candidates.size());
        int resent = 0;
        Instant pinned = null;
        if (!dryRun) {
            foundCounter.increment(candidates.size());
        }
        // on a failure what was resent stays recorded, and the checkpoint does not move: the rest is found again
        for (Candidate candidate : candidates) {
            HistoryRecord record = candidate.record();
            boolean done = false;
            if (!dryRun) {
                throttle.acquire();
                try {
                    client.resend(record.id());
                    done = true;
                } catch (CaktoApiException e) {
                    if (e.kind() != CaktoApiException.Kind.NOT_FOUND) {
                        throw e;
                    }
                    // the record is gone at Cakto: counted as an attempt, so it cannot stop every later run
                    log.warn("reconcile account={} could not resend history record {} ({}): {}", account,
                            record.id(), record.event(), e.getMessage());
                }
                store.recordResend(account, candidate.key(), record.id(), clock.instant());
                if (done) {
                    resentCounter.increment();
                    resent++;
                    log.info("reconcile account={} resent history record {} ({}, status {}, event {}): {}", account,
                            record.id(), record.event(), record.status(), candidate.eventId(), candidate.reason());
                    if (candidate.eventId() != null && record.sentAt() != null
                            && (pinned == null || record.sentAt().isBefore(pinned))) {
                        pinned = record.sentAt();
                    }
                }
            }
            deliveries.add(new RunReport.Delivery(record.id(), record.event(), record.status(), record.sentAt(),
                    candidate.eventId(), candidate.reason(), done));
        }
        if (!dryRun) {
            Instant next = newest.isAfter(now.minus(properties.overlap())) ? newest : now.minus(properties.overlap());
            if (next.isBefore(checkpoint)) {
                next = checkpoint;
            }
            if (pinned != null && pinned.isBefore(next)) {
                next = pinned;
            }
            store.saveCheckpoint(account, next, now);
            store.purge(now.minus(properties.lookback()).minus(properties.overlap()));
        }
        return new RunReport(account, dryRun, from, records.size(), candidates.size(), resent, gaveUp, deliveries,
                null);
    }

    /** The delivery, or null when it was not addressed to this Ponte. */
    private Delivery delivery(HistoryRecord record) {
        if (record.payload() == null || !identity.addressedToPonte(record.payload())) {
            return null;
        }
        String eventId = identity.eventId(record.payload());
        return new Delivery(record, eventId, eventId != null ? eventId : "payload:" + identity.hash(record.payload()));
    }

    /**
     * Whether the deliveries of one event (or one payload) need a resend, and which record to resend: the latest.
     * With an event id, Ponte's own record decides; without one, the statuses: resent when none of its deliveries
     * got a 2xx and one got no answer or 500 or more.
     */
    private Candidate candidate(List<Delivery> deliveries) {
        Delivery latest = deliveries.get(deliveries.size() - 1);
        Integer status = latest.record().status();
        String reason = status == null ? "no_answer" : status >= 500 ? "server_error" : "not_accepted";
        if (latest.eventId() != null) {
            return accepted.accepted(latest.eventId()) ? null
                    : new Candidate(latest.record(), latest.eventId(), latest.key(), reason);
        }
        boolean delivered = deliveries.stream().map(d -> d.record().status())
                .anyMatch(s -> s != null && s >= 200 && s < 300);
        boolean failed = deliveries.stream().map(d -> d.record().status()).anyMatch(s -> s == null || s >= 500);
        if (delivered || !failed) {
            return null;
        }
        Integer failedStatus = deliveries.stream().map(d -> d.record().status())
                .filter(s -> s == null || s >= 500).reduce((a, b) -> b).orElse(null);
        return new Candidate(latest.record(), null, latest.key(), failedStatus == null ? "no_answer" : "server_error");
    }
}
