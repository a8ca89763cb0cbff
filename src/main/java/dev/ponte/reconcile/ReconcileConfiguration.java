package dev.ponte.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import dev.ponte.eventlog.EventLogStore;
import dev.ponte.idempotency.IdempotencyStore;
import dev.ponte.provider.ProviderRegistry;
import dev.ponte.provider.WebhookProvider;
import dev.ponte.provider.cakto.CaktoProvider;
import dev.ponte.provider.cakto.api.CaktoApiClient;
import dev.ponte.provider.cakto.api.CaktoApiProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reconciliation of Cakto deliveries: one {@link AccountReconciler} per account of
 * {@code ponte.providers.cakto.api.accounts}, run by {@link Reconciliation}. Its state lives in the PostgreSQL
 * database of {@code spring.datasource.*} when a URL is set (shared by the instances), else in SQLite under
 * {@code ponte.reconcile.dir}; with no account configured nothing is opened and nothing runs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DataSourceProperties.class)
public class ReconcileConfiguration {

    static final String HISTORY = "ponte_reconcile_history";
    /** PostgreSQL advisory lock held while migrating the reconciliation's tables: "prec" in ASCII. */
    static final long MIGRATION_LOCK = 1_886_545_251L;

    /**
     * What Ponte holds as accepted: the event log's outcomes while the log is on, else the idempotency store's ids
     * (remembered for {@code ponte.idempotency.retention}).
     */
    @Bean
    @ConditionalOnMissingBean(AcceptedEvents.class)
    AcceptedEvents acceptedEvents(ObjectProvider<EventLogStore> eventLog, IdempotencyStore idempotency) {
        EventLogStore log = eventLog.getIfAvailable();
        return log != null ? new EventLogAcceptedEvents(log) : new IdempotencyAcceptedEvents(idempotency);
    }

    @Bean(destroyMethod = "close")
    Reconciliation reconciliation(CaktoApiProperties api, ReconcileProperties properties, ProviderRegistry providers,
                                  AcceptedEvents accepted, Environment environment,
                                  ObjectProvider<DataSourceProperties> database, MeterRegistry registry, Clock clock) {
        if (api.accounts().isEmpty()) {
            return new Reconciliation(List.of(), null, properties, clock);
        }
        WebhookProvider cakto = providers.find(CaktoProvider.NAME).orElseThrow();
        if (!cakto.authenticator().isConfigured()) {
            // a delivery is recognised as Ponte's by its secret: without one nothing would ever be resent
            LoggerFactory.getLogger(ReconcileConfiguration.class).warn("Cakto API accounts are configured but "
                    + "ponte.providers.cakto.secrets is empty: the reconciliation will find no delivery to Ponte");
        }
        ReconcileStore store = store(environment, database, properties);
        PayloadIdentity identity = new PayloadIdentity(cakto);
        HttpClient http = CaktoApiClient.httpClient(api.timeout());
        ResendThrottle throttle = new ResendThrottle(properties.resendsPerSecond());
        List<AccountReconciler> reconcilers = new ArrayList<>();
        for (int i = 0; i < api.accounts().size(); i++) {
            CaktoApiProperties.Account account = api.accounts().get(i);
            String name = api.accountName(i);
            CaktoApiClient client = new CaktoApiClient(name, "ponte.providers.cakto.api.accounts[" + i + "]",
                    api.baseUrl(), account.clientId(), account.clientSecret(), api.timeout(), http, clock);
            reconcilers.add(new AccountReconciler(name, client, identity, accepted, store, properties,
                    api.pageSize(), throttle, clock, registry));
        }
        if (reconcilers.stream().map(AccountReconciler::account).distinct().count() != reconcilers.size()) {
            throw new IllegalStateException("ponte.providers.cakto.api.accounts: two accounts have the same name");
        }
        return new Reconciliation(reconcilers, store, properties, clock);
    }

    /** The health component {@code reconcile}: per account, the last success, the last error and the next run. */
    @Bean("reconcile")
    ReconcileHealth reconcileHealth(Reconciliation reconciliation) {
        return new ReconcileHealth(reconciliation);
    }

    static ReconcileStore store(Environment environment, ObjectProvider<DataSourceProperties> database,
                                ReconcileProperties properties) {
        String url = environment.getProperty("spring.datasource.url");
        if (url != null && !url.isBlank()) {
            HikariDataSource pool = database.getObject().initializeDataSourceBuilder().type(HikariDataSource.class)
                    .build();
            pool.setPoolName("ponte-reconcile");
            // a run holds one connection for its advisory lock and uses one more at a time
            pool.setMaximumPoolSize(3);
            pool.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
            try {
                migratePostgres(pool);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
            return new ReconcileStore("postgresql", pool, pool);
        }
        Path file = Path.of(properties.dir()).resolve("reconcile.db").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("reconciliation folder " + file.getParent() + " cannot be created", e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // a checkpoint or a resend is remembered only once it is on disk
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file);
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(sqlite);
        pool.setPoolName("ponte-reconcile");
        pool.setMaximumPoolSize(2);
        flyway(pool, "sqlite").migrate();
        LoggerFactory.getLogger(ReconcileConfiguration.class).info("Cakto reconciliation state in {}", file);
        return new ReconcileStore("sqlite", pool, pool);
    }

    private static Flyway flyway(DataSource dataSource, String dialect) {
        return dev.ponte.config.Migrations.flyway(dataSource, "classpath:db/reconcile/" + dialect, HISTORY);
    }

    static void migratePostgres(DataSource dataSource) {
        try {
            dev.ponte.config.Migrations.migrateLocked(dataSource, MIGRATION_LOCK, flyway(dataSource, "postgresql"));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not migrate the reconciliation's database", e);
        }
    }
}
