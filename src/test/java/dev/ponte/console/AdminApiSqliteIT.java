package dev.ponte.console;

import dev.ponte.eventlog.EventLogStore;
import dev.ponte.support.TestBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API with the embedded event log (no datasource), personal data shown in full. */
class AdminApiSqliteIT extends AdminApiContract {

    private static final Path DIR = TestBroker.tempDir("events");

    @Autowired
    EventLogStore store;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        consoleProperties(registry, "api-sqlite");
        registry.add("ponte.events.dir", DIR::toString);
        registry.add("ponte.console.show-personal-data", () -> "true");
    }

    @Override
    String name() {
        return "api-sqlite";
    }

    @Override
    boolean showsPersonalData() {
        return true;
    }

    @Test
    void theEventLogIsTheEmbeddedDatabaseInItsFolder() {
        assertThat(store.kind()).isEqualTo("sqlite");
        assertThat(Files.exists(DIR.resolve("events.db"))).isTrue();
    }
}
