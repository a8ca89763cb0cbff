package dev.ponte.eventlog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The event log behind the console: every webhook's outcome and every delivery try.
 *
 * @param retention     how long webhooks and delivery tries stay in the event log
 * @param purgeInterval how often rows past their retention are deleted
 * @param dir           folder of the embedded event log database (SQLite), used while no {@code spring.datasource.url}
 *                      is set; with one, the event log is in that PostgreSQL database
 * @param log           writing the event log
 */
@ConfigurationProperties("ponte.events")
public record EventLogProperties(@DefaultValue("30d") Duration retention,
                                 @DefaultValue("1h") Duration purgeInterval,
                                 @DefaultValue("./data/events") String dir,
                                 @DefaultValue Log log) {

    public EventLogProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("ponte.events.retention must be positive, not " + retention);
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("ponte.events.purge-interval must be positive, not " + purgeInterval);
        }
    }

    /**
     * @param enabled       record webhooks and delivery tries (off: no event log, the console shows dead-letter
     *                      queues only)
     * @param queueCapacity rows waiting to be written at most; when full, new rows are dropped and counted in
     *                      {@code ponte_eventlog_dropped_total}, never a webhook held
     * @param queueMaxBytes bound on the memory the waiting rows hold (a webhook's row keeps its unified event as
     *                      JSON, counted by its size); past it rows are dropped the same way
     * @param batchSize     rows written per transaction
     * @param flushInterval how long rows gather before they are written together (a full batch is written at once);
     *                      the console shows a webhook at most this much later
     */
    public record Log(@DefaultValue("true") boolean enabled,
                      @DefaultValue("10000") int queueCapacity,
                      @DefaultValue("32MB") org.springframework.util.unit.DataSize queueMaxBytes,
                      @DefaultValue("500") int batchSize,
                      @DefaultValue("200ms") Duration flushInterval) {

        public Log {
            if (queueCapacity < 1 || batchSize < 1) {
                throw new IllegalArgumentException("ponte.events.log.queue-capacity and batch-size must be positive");
            }
            if (flushInterval.isNegative() || flushInterval.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("ponte.events.log.flush-interval must be between 0 and 10s, not "
                        + flushInterval);
            }
        }
    }
}
