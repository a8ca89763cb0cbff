package dev.ponte.eventlog;

import dev.ponte.console.Console;
import dev.ponte.console.ConsoleException;
import dev.ponte.support.TestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which store the event log uses, and that it can be switched off. */
class EventLogConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EventLogProperties.class)
    static class Basics {
        @Bean
        SimpleMeterRegistry registry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Basics.class, EventLogConfiguration.class);

    @Test
    void withoutADatasourceTheLogIsTheEmbeddedDatabaseInItsFolder() {
        Path dir = TestBroker.tempDir("eventlog-config");
        context.withPropertyValues("ponte.events.dir=" + dir).run(app -> {
            assertThat(app).hasNotFailed();
            assertThat(app.getBean(EventLogStore.class).kind()).isEqualTo("sqlite");
            assertThat(app).hasSingleBean(EventLogWriter.class).hasSingleBean(EventLogPurge.class);
            assertThat(Files.exists(dir.resolve("events.db"))).isTrue();
            EventLogProperties properties = app.getBean(EventLogProperties.class);
            assertThat(properties.retention()).isEqualTo(Duration.ofDays(30));
            assertThat(properties.purgeInterval()).isEqualTo(Duration.ofHours(1));
            assertThat(properties.log().queueCapacity()).isEqualTo(10_000);
            assertThat(properties.log().batchSize()).isEqualTo(500);
        });
    }

    @Test
    void theEmbeddedLogsConnectionsKeepALargePageCacheAndCheckpointInSmallSteps() {
        Path dir = TestBroker.tempDir("eventlog-pragmas");
        context.withPropertyValues("ponte.events.dir=" + dir).run(app -> {
            try (Connection connection = app.getBean(EventLogStore.class).dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                assertThat(pragma(statement, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(statement, "cache_size")).isEqualTo("-16000");
                // larger checkpoints are bursts of copying that show in the webhooks' tail latency
                assertThat(pragma(statement, "wal_autocheckpoint")).isEqualTo("1000");
            }
        });
    }

    private static String pragma(Statement statement, String name) throws SQLException {
        try (ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getString(1);
        }
    }

    @Test
    void offThereIsNoLogAndTheConsoleSaysSo() {
        context.withPropertyValues("ponte.events.log.enabled=false").run(app -> {
            assertThat(app).hasNotFailed();
            assertThat(app).doesNotHaveBean(EventLogStore.class).doesNotHaveBean(EventLogWriter.class);
        });
        Console console = new Console(null, null, null, null, null, null, null, Clock.systemUTC());
        assertThat(console.logEnabled()).isFalse();
        assertThatThrownBy(() -> console.event("evt_1")).isInstanceOfSatisfying(ConsoleException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.error()).isEqualTo("event_log_disabled");
        });
    }

    @Test
    void aDatabaseDownAtStartUpDoesNotStopTheApplication() {
        context.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
                "spring.datasource.username=postgres").run(app -> {
            assertThat(app).hasNotFailed();
            assertThat(app.getBean(EventLogStore.class).kind()).isEqualTo("postgresql");
        });
    }

    @Test
    void badSettingsStopStartUpNamingThem() {
        context.withPropertyValues("ponte.events.retention=0s").run(app ->
                assertThat(app).hasFailed().getFailure().hasStackTraceContaining("ponte.events.retention"));
        context.withPropertyValues("ponte.events.log.batch-size=0").run(app ->
                assertThat(app).hasFailed().getFailure().hasStackTraceContaining("batch-size"));
    }
}
