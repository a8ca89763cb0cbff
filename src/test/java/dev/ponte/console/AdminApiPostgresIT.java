package dev.ponte.console;

import dev.ponte.eventlog.EventLogStore;
import dev.ponte.support.TestBroker;
import dev.ponte.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API with the event log in PostgreSQL ({@code spring.datasource.url} set), personal data masked. */
class AdminApiPostgresIT extends AdminApiContract {

    private static final String SCHEMA = TestDatabase.createSchema();

    @Autowired
    EventLogStore store;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        consoleProperties(registry, "api-pg");
        registry.add("spring.datasource.url", () -> TestDatabase.url(SCHEMA));
        registry.add("spring.datasource.username", () -> TestDatabase.USER);
        registry.add("ponte.events.dir", () -> TestBroker.tempDir("events-unused").toString());
    }

    @AfterAll
    static void dropSchema() {
        TestDatabase.dropSchema(SCHEMA);
    }

    @Override
    String name() {
        return "api-pg";
    }

    @Override
    boolean showsPersonalData() {
        return false;
    }

    @Test
    void theEventLogIsInPostgresql() {
        assertThat(store.kind()).isEqualTo("postgresql");
    }
}
