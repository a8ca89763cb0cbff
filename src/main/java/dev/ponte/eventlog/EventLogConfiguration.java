package dev.ponte.eventlog;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * The event log ({@code ponte.events.log.enabled}, on by default): in the PostgreSQL database of
 * {@code spring.datasource.*} when its URL is set, else in an embedded SQLite database under
 * {@code ponte.events.dir}. Its own small connection pool (not a DataSource bean, so the application's other
 * database users are unaffected), tables by Flyway with their own history table {@code ponte_eventlog_history}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ponte.events.log.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(DataSourceProperties.class)
public class EventLogConfiguration {

    static final String HISTORY = "ponte_eventlog_history";
    /** PostgreSQL advisory lock held while migrating the event log: "plog" in ASCII. */
    static final long MIGRATION_LOCK = 1_886_154_599L;

    @Bean(destroyMethod = "close")
    EventLogStore eventLogStore(Environment environment, ObjectProvider<DataSourceProperties> database,
                                EventLogProperties properties) {
        String url = environment.getProperty("spring.datasource.url");
        if (url != null && !url.isBlank()) {
            HikariDataSource pool = database.getObject().initializeDataSourceBuilder().type(HikariDataSource.class)
                    .build();
            pool.setPoolName("ponte-eventlog");
            pool.setMaximumPoolSize(4);
            pool.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
            // Hikari connects lazily: a database down at start-up leaves the pool to retry, Ponte starts
            pool.setInitializationFailTimeout(-1);
            return ready(new EventLogStore(pool, "postgresql", pool, () -> migratePostgres(pool)));
        }
        Path file = Path.of(properties.dir()).resolve("events.db").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("event log folder " + file.getParent() + " cannot be created", e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // the log is not the events' record of truth (RabbitMQ is): a crash may lose its last rows
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        // its indexes (event id, order id, e-mail) take random inserts: a larger page cache keeps their pages
        config.setCacheSize(-16_000);
        // SQLite's default checkpoint size, on purpose: rarer checkpoints save a little CPU, but each then copies tens
        // of megabytes at once, a burst that takes a core from the webhooks and shows in their tail latency
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "1000");
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file);
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(sqlite);
        pool.setPoolName("ponte-eventlog");
        pool.setMaximumPoolSize(4);
        LoggerFactory.getLogger(EventLogConfiguration.class).info("Event log in {}", file);
        return ready(new EventLogStore(pool, "sqlite", pool, () -> flyway(pool, "sqlite").migrate()));
    }

    /** Migrates at start-up when it can; otherwise the store tries again on each use. */
    private static EventLogStore ready(EventLogStore store) {
        try {
            store.migrate();
        } catch (EventLogException e) {
            LoggerFactory.getLogger(EventLogConfiguration.class).warn("Event log database not ready at start-up ({}): "
                    + "its rows are dropped until it is", EventLogException.describe(e));
        }
        return store;
    }

    @Bean
    EventLogWriter eventLogWriter(EventLogStore store, EventLogProperties properties, MeterRegistry registry,
                                  Clock clock) {
        return new EventLogWriter(store, properties.log(), registry, clock);
    }

    @Bean
    EventLogPurge eventLogPurge(EventLogStore store, EventLogProperties properties, Clock clock) {
        return new EventLogPurge(store, properties.retention(), properties.purgeInterval(), clock);
    }

    private static Flyway flyway(DataSource dataSource, String dialect) {
        return dev.ponte.config.Migrations.flyway(dataSource, "classpath:db/eventlog/" + dialect, HISTORY);
    }

    static void migratePostgres(DataSource dataSource) {
        try {
            dev.ponte.config.Migrations.migrateLocked(dataSource, MIGRATION_LOCK, flyway(dataSource, "postgresql"));
        } catch (SQLException e) {
            throw new EventLogException("Could not migrate the event log's database", e);
        }
    }
}
