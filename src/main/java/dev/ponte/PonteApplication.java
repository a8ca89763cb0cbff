package dev.ponte;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

// the DataSource and Flyway exist only with ponte.idempotency.store=jdbc (JdbcIdempotencyConfiguration builds
// them): Ponte with the memory store runs without a database
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@ConfigurationPropertiesScan
public class PonteApplication {

    public static void main(String[] args) {
        SpringApplication.run(PonteApplication.class, args);
    }
}
