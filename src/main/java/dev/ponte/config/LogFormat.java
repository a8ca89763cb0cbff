package dev.ponte.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * {@code ponte.log.format=json}: one JSON object per log line (Spring Boot's structured logging, Logstash layout;
 * the webhook outcome line carries event_id, provider, type, outcome and request_id as fields).
 */
public class LogFormat implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if ("json".equalsIgnoreCase(environment.getProperty("ponte.log.format", "text"))) {
            environment.getPropertySources().addFirst(new MapPropertySource("ponte-log-format",
                    Map.of("logging.structured.format.console", "logstash")));
        }
    }
}
