package dev.ponte.idempotency;

import com.zaxxer.hikari.HikariDataSource;
import dev.ponte.config.PonteProperties;
import dev.ponte.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which idempotency store {@code ponte.idempotency.store} selects, and that only jdbc brings a database. */
class JdbcIdempotencyConfigurationIT {

    private static String schema;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PonteProperties.class)
    static class Properties {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, JdbcIdempotencyConfiguration.class);

    @BeforeAll
    static void createSchema() {
        schema = TestDatabase.createSchema();
    }

    @AfterAll
    static void dropSchema() {
        TestDatabase.dropSchema(schema);
    }

    @Test
    void theDefaultAndTheMemoryStoreNeedNoDatabase() {
        context.run(app -> {
            assertThat(app).hasNotFailed();
            assertThat(app).doesNotHaveBean(DataSource.class).doesNotHaveBean(JdbcIdempotencyStore.class);
        });
        context.withPropertyValues("ponte.idempotency.store=memory", "spring.datasource.url=jdbc:postgresql://x/y")
                .run(app -> assertThat(app).doesNotHaveBean(DataSource.class));
    }

    @Test
    void jdbcMigratesTheDatabaseOfSpringDatasourceAndPurges() {
        context.withPropertyValues("ponte.idempotency.store=jdbc",
                        "spring.datasource.url=" + TestDatabase.url(schema),
                        "spring.datasource.username=" + TestDatabase.USER,
                        // Flyway's connections are not the pool's: one is enough
                        "spring.datasource.hikari.maximum-pool-size=1",
                        "ponte.idempotency.purge-interval=1h")
                .run(app -> {
                    assertThat(app).hasNotFailed();
                    assertThat(app).hasSingleBean(IdempotencyStore.class).hasSingleBean(IdempotencyPurge.class);
                    HikariDataSource dataSource = app.getBean(HikariDataSource.class);
                    assertThat(dataSource.getPoolName()).isEqualTo("ponte-idempotency");
                    assertThat(dataSource.getMaximumPoolSize()).as("spring.datasource.hikari.*").isEqualTo(1);
                    assertThat(dataSource.getConnectionTimeout()).isEqualTo(2_000);
                    assertThat(app.getBean(IdempotencyPurge.class).isRunning()).isTrue();
                    IdempotencyStore store = app.getBean(IdempotencyStore.class);
                    IdempotencyStore.Claim claim = store.claim("evt_config", java.time.Duration.ofSeconds(1));
                    assertThat(claim.duplicate()).isFalse();
                    claim.confirm();
                    assertThat(store.claim("evt_config", java.time.Duration.ofSeconds(1)).duplicate()).isTrue();
                });
    }

    @Test
    void aClaimTimeoutNotLongerThanAPublishStopsStartUp() {
        context.withPropertyValues("ponte.idempotency.store=jdbc",
                        "spring.datasource.url=" + TestDatabase.url(schema),
                        "spring.datasource.username=" + TestDatabase.USER,
                        "ponte.publish.confirm-timeout=5s", "ponte.idempotency.claim-timeout=6s")
                .run(app -> assertThat(app).getFailure().rootCause()
                        .hasMessageContaining("ponte.idempotency.claim-timeout (PT6S) must be longer"));
    }

    @Test
    void jdbcWithoutADatabaseUrlStopsStartUp() {
        context.withPropertyValues("ponte.idempotency.store=jdbc")
                .run(app -> assertThat(app).hasFailed());
    }
}
