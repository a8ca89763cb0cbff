package dev.ponte.support;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The local PostgreSQL of the tests (127.0.0.1:5432, database {@code test}, user {@code postgres}, trust auth).
 * Each test class gets its own schema ({@link #createSchema()}), which it drops when done.
 */
public final class TestDatabase {

    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";

    private TestDatabase() {
    }

    /** A new empty schema, {@code ponte_test_<random>}. */
    public static String createSchema() {
        String schema = "ponte_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    public static void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** The JDBC URL whose connections work in {@code schema}: what {@code spring.datasource.url} is set to. */
    public static String url(String schema) {
        return URL + "?currentSchema=" + schema;
    }

    /** A small pool on {@code schema}, as one Ponte instance would have; close it when done. */
    public static HikariDataSource dataSource(String schema) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url(schema));
        dataSource.setUsername(USER);
        dataSource.setMaximumPoolSize(10);
        dataSource.setConnectionTimeout(5_000);
        return dataSource;
    }

    private static void execute(String sql) {
        try (Connection connection = java.sql.DriverManager.getConnection(URL, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 (database test, user postgres): " + sql, e);
        }
    }
}
