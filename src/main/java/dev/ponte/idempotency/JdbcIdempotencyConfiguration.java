package dev.ponte.idempotency;

import com.zaxxer.hikari.HikariDataSource;
import dev.ponte.config.PonteProperties;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * {@code ponte.idempotency.store=jdbc}: the event ids in PostgreSQL, shared by every instance. Only then does
 * Ponte have a DataSource (from the usual {@code spring.datasource.*} and {@code spring.datasource.hikari.*}) and
 * run Flyway ({@code db/migration}, history in its own table {@code ponte_schema_history}, so a database or
 * schema shared with another application works); Boot's own DataSource and Flyway auto-configuration are
 * excluded ({@code PonteApplication}), so the memory store needs no database at all.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ponte.idempotency.store", havingValue = "jdbc")
@EnableConfigurationProperties(DataSourceProperties.class)
public class JdbcIdempotencyConfiguration {

    /** Flyway's history table of Ponte's migrations. */
    static final String SCHEMA_HISTORY = "ponte_schema_history";
    /** Key of the PostgreSQL advisory lock held while migrating: "ponte" in ASCII. */
    static final long MIGRATION_LOCK = 482_905_846_885L;

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource idempotencyDataSource(DataSourceProperties properties) {
        HikariDataSource dataSource = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        // defaults; spring.datasource.hikari.* is bound after this and overrides them
        dataSource.setPoolName("ponte-idempotency");
        // an unreachable database fails a webhook (503) quickly instead of holding it for Hikari's 30 s
        dataSource.setConnectionTimeout(Duration.ofSeconds(2).toMillis());
        return dataSource;
    }

    @Bean
    JdbcIdempotencyStore jdbcIdempotencyStore(DataSource idempotencyDataSource, DataSourceProperties database,
                                              PonteProperties properties) {
        PonteProperties.Idempotency idempotency = properties.idempotency();
        // a live publish lasts up to the confirm timeout: a shorter claim timeout would let another instance
        // take its claim over and publish the event a second time
        Duration longestPublish = properties.publish().confirmTimeout().plusSeconds(1);
        if (idempotency.claimTimeout().compareTo(longestPublish) <= 0) {
            throw new IllegalStateException("ponte.idempotency.claim-timeout (" + idempotency.claimTimeout()
                    + ") must be longer than ponte.publish.confirm-timeout + 1s (" + longestPublish + ")");
        }
        // on connections of their own (Flyway takes two, the lock one more): the pool may be as small as wanted
        migrate(database.initializeDataSourceBuilder().type(SimpleDriverDataSource.class).build());
        return new JdbcIdempotencyStore(idempotencyDataSource, idempotency.retention(), idempotency.claimTimeout());
    }

    @Bean
    IdempotencyPurge jdbcIdempotencyPurge(JdbcIdempotencyStore store, PonteProperties properties) {
        return new IdempotencyPurge(store::purge, properties.idempotency().purgeInterval());
    }

    /**
     * Creates or updates Ponte's tables in the connection's current schema. Instances starting together
     * migrate one after the other: Flyway locks its history table while it migrates, but not while it decides
     * to baseline a non-empty schema, so a PostgreSQL advisory lock serializes the whole migration (held on one
     * more connection: {@code dataSource} must give three at once).
     */
    static void migrate(DataSource dataSource) {
        try (Connection lock = dataSource.getConnection(); Statement statement = lock.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                Flyway.configure()
                        .dataSource(dataSource)
                        .locations("classpath:db/migration")
                        .table(SCHEMA_HISTORY)
                        // a schema that already holds other tables (shared with another application) gets
                        // Ponte's history started at version 0, and V1 applied on top
                        .baselineOnMigrate(true)
                        .baselineVersion("0")
                        .load()
                        .migrate();
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not migrate the idempotency store's database", e);
        }
    }
}
