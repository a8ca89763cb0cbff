package dev.ponte.config;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Flyway for one of Ponte's own table sets (event log, reconciliation), each with its own history table. */
public final class Migrations {

    private Migrations() {
    }

    /**
     * @param location    {@code classpath:db/<set>/<dialect>}
     * @param historyTable the set's own Flyway history table
     */
    public static Flyway flyway(DataSource dataSource, String location, String historyTable) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .table(historyTable)
                // a schema that already holds tables (Ponte's other stores, another application's) gets this set's
                // history started at version 0 and V1 applied on top
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }

    /** Instances starting together migrate one after the other, under a PostgreSQL advisory lock. */
    public static void migrateLocked(DataSource dataSource, long lock, Flyway flyway) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + lock + ")");
            try {
                flyway.migrate();
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + lock + ")");
            }
        }
    }
}
