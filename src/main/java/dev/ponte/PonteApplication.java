package dev.ponte;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * {@code @SpringBootApplication}, spelled out for one more exclusion: what the management port serves (the package
 * {@code dev.ponte.management} and every {@code @ManagementContextConfiguration}) is loaded into the management
 * child context through its imports file, never scanned into the context of the webhook port.
 */
// the DataSource and Flyway exist only with ponte.idempotency.store=jdbc (JdbcIdempotencyConfiguration builds
// them): Ponte with the memory store runs without a database
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ManagementContextConfiguration.class),
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.ponte\\.management\\..*")})
@ConfigurationPropertiesScan
public class PonteApplication {

    public static void main(String[] args) {
        SpringApplication.run(PonteApplication.class, args);
    }
}
