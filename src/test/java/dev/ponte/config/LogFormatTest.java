package dev.ponte.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LogFormatTest {

    @Test
    void jsonSwitchesTheConsoleToStructuredLogging() {
        MockEnvironment environment = new MockEnvironment().withProperty("ponte.log.format", "json");
        new LogFormat().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
    }

    @Test
    void textIsTheDefault() {
        MockEnvironment environment = new MockEnvironment();
        new LogFormat().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("logging.structured.format.console")).isNull();
    }
}
