package dev.ponte.idempotency;

import dev.ponte.publish.BrokerUnavailableException;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Event ids shared by every Ponte instance, in PostgreSQL (table {@code ponte_event_ids}, created by
 * {@code db/migration/V1__event_ids.sql}). Each step is one autocommitted statement whose outcome the
 * database decides under the row's lock, so instances never race:
 * <ul>
 *   <li>claim: {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE} inserts a new claim, or takes over a claim
 *       older than {@code claimTimeout} (its instance died mid-publish) or an id past its retention; otherwise
 *       the id is published (duplicate) or in flight elsewhere, and the delivery polls until {@code wait} ends;</li>
 *   <li>confirm: marks the id published, even if its claim was taken over or purged meanwhile;</li>
 *   <li>release: deletes the claim only while it is still this delivery's and unconfirmed.</li>
 * </ul>
 * Times are the database's clock ({@code now()}), so the instances' clocks never matter. A database failure is an
 * {@link IdempotencyUnavailableException}: {@link IdempotencyGate} then lets webhooks through without the claim.
 */
public class JdbcIdempotencyStore implements IdempotencyStore {

    private static final String CLAIM = """
            INSERT INTO ponte_event_ids AS e (event_id, claim_token, claimed_at) VALUES (?, ?, now())
            ON CONFLICT (event_id) DO UPDATE
                SET claim_token = excluded.claim_token, claimed_at = now(), confirmed_at = NULL
                WHERE (e.confirmed_at IS NULL AND e.claimed_at < now() - make_interval(secs => ?))
                   OR e.confirmed_at < now() - make_interval(secs => ?)""";
    private static final String STATE = "SELECT confirmed_at IS NOT NULL FROM ponte_event_ids WHERE event_id = ?";
    private static final String CONFIRM = """
            INSERT INTO ponte_event_ids AS e (event_id, claim_token, claimed_at, confirmed_at)
            VALUES (?, ?, now(), now())
            ON CONFLICT (event_id) DO UPDATE SET confirmed_at = now() WHERE e.confirmed_at IS NULL""";
    private static final String RELEASE = """
            DELETE FROM ponte_event_ids WHERE event_id = ? AND claim_token = ? AND confirmed_at IS NULL""";
    // batches, and SKIP LOCKED: a purge never holds many locks, nor waits for a claim or another instance's purge
    private static final String PURGE_EXPIRED = """
            DELETE FROM ponte_event_ids WHERE event_id IN (
                SELECT event_id FROM ponte_event_ids WHERE confirmed_at < now() - make_interval(secs => ?)
                LIMIT ? FOR UPDATE SKIP LOCKED)""";
    private static final String PURGE_ABANDONED = """
            DELETE FROM ponte_event_ids WHERE event_id IN (
                SELECT event_id FROM ponte_event_ids
                WHERE confirmed_at IS NULL AND claimed_at < now() - make_interval(secs => ?)
                LIMIT ? FOR UPDATE SKIP LOCKED)""";

    static final int PURGE_BATCH = 5_000;
    private static final long FIRST_POLL_MILLIS = 5;
    private static final long MAX_POLL_MILLIS = 100;

    private final JdbcTemplate jdbc;
    private final double retentionSeconds;
    private final double claimTimeoutSeconds;

    /**
     * @param retention    how long a published id is remembered
     * @param claimTimeout age after which an unconfirmed claim is taken to be abandoned
     */
    public JdbcIdempotencyStore(DataSource dataSource, Duration retention, Duration claimTimeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        // a stuck database must not hold a webhook (and its thread) for long
        this.jdbc.setQueryTimeout(5);
        this.retentionSeconds = seconds(retention);
        this.claimTimeoutSeconds = seconds(claimTimeout);
    }

    @Override
    public Claim claim(String eventId, Duration wait) {
        UUID token = UUID.randomUUID();
        long deadline = System.nanoTime() + wait.toNanos();
        long poll = FIRST_POLL_MILLIS;
        try {
            while (true) {
                if (jdbc.update(CLAIM, eventId, token, claimTimeoutSeconds, retentionSeconds) == 1) {
                    return new Held(eventId, token);
                }
                Boolean confirmed = jdbc.query(STATE, rs -> rs.next() ? rs.getBoolean(1) : null, eventId);
                if (confirmed == null) {
                    continue; // released (or purged) since the claim attempt: try again at once
                }
                if (confirmed) {
                    return Claim.DUPLICATE;
                }
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    throw new BrokerUnavailableException("the same event is still being published", null);
                }
                Thread.sleep(Math.min(poll, remaining));
                poll = Math.min(poll * 2, MAX_POLL_MILLIS);
            }
        } catch (DataAccessException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted", e);
        }
    }

    /**
     * Deletes the ids past their retention and the claims abandoned longer than the claim timeout (either could
     * already be taken over by a claim; this keeps the table small).
     *
     * @return how many rows were deleted
     */
    public int purge() {
        return purge(PURGE_EXPIRED, retentionSeconds) + purge(PURGE_ABANDONED, claimTimeoutSeconds);
    }

    private int purge(String sql, double ageSeconds) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update(sql, ageSeconds, PURGE_BATCH);
            total += deleted;
        } while (deleted == PURGE_BATCH);
        return total;
    }

    private static IdempotencyUnavailableException unavailable(DataAccessException e) {
        return new IdempotencyUnavailableException("idempotency database unavailable: "
                + e.getMostSpecificCause().getMessage(), e);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }


    private final class Held implements Claim {
        private final String eventId;
        private final UUID token;

        Held(String eventId, UUID token) {
            this.eventId = eventId;
            this.token = token;
        }

        @Override
        public boolean duplicate() {
            return false;
        }

        /** Published: remember it even if a purge or another instance took the claim meanwhile. */
        @Override
        public void confirm() {
            try {
                jdbc.update(CONFIRM, eventId, token);
            } catch (DataAccessException e) {
                // the pending claim makes retries wait, then is taken over after the claim timeout (one more publish)
                throw unavailable(e);
            }
        }

        /** Not published: drop the claim, unless it is no longer this delivery's. */
        @Override
        public void release() {
            try {
                jdbc.update(RELEASE, eventId, token);
            } catch (DataAccessException e) {
                // the claim stays until the claim timeout
                throw unavailable(e);
            }
        }
    }
}
