package dev.ponte.config.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ponte's own logback-spring.xml, loaded into a logger context of its own: a value with line breaks stays on its
 * log line in the text format, and the JSON format is one object per line.
 */
class LogEscapingTest {

    private static final String FORGED = "Maria\r\n2026-12-02T10:00:00.000Z  INFO 1 --- [ponte] [main] x : forged";

    private static String log(Map<String, String> contextProperties, java.util.function.Consumer<Logger> logging)
            throws Exception {
        LoggerContext context = new LoggerContext();
        // org.slf4j.MDC writes to the adapter of the test JVM's own logger context: this context reads the same
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        contextProperties.forEach(context::putProperty);
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogEscapingTest.class.getResource("/logback-spring.xml"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ((OutputStreamAppender<?>) root.getAppender("CONSOLE")).setOutputStream(out);
        logging.accept(context.getLogger("dev.ponte.test"));
        context.stop();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aValueWithLineBreaksStaysOnItsLineInTheTextFormat() throws Exception {
        String text = log(Map.of("CONSOLE_LOG_PATTERN", "%level %logger : %m [%X{provider}]%n%wEx"), logger -> {
            MDC.put("provider", "cakto\nINFO forged mdc");
            try {
                logger.info("webhook outcome customer={} note={}", FORGED, "tab\there \u001b[31mred\u2028sep");
                logger.warn("refused: {}", "x", new IllegalStateException("bad value\nERROR forged exception",
                        new RuntimeException("cause\r\nforged cause")));
                logger.info("a message written in the code\nkeeps its own lines");
            } finally {
                MDC.remove("provider");
            }
        });
        List<String> lines = text.lines().toList();
        // every line is a log line, a line of the stack trace, or the code's own second line
        assertThat(lines).allMatch(line -> line.startsWith("INFO dev.ponte.test : ")
                || line.startsWith("WARN dev.ponte.test : ") || line.startsWith("\tat ")
                || line.startsWith("\t... ") || line.startsWith("java.lang.IllegalStateException: ")
                || line.startsWith("Caused by: java.lang.RuntimeException: ") || line.isEmpty()
                || line.startsWith("keeps its own lines "), "a line of the log");
        assertThat(lines.get(0)).isEqualTo("INFO dev.ponte.test : webhook outcome customer=Maria\\r\\n2026-12-02T10:00:00"
                + ".000Z  INFO 1 --- [ponte] [main] x : forged note=tab\\there \\u001b[31mred\\u2028sep "
                + "[cakto\\nINFO forged mdc]");
        assertThat(text).contains("java.lang.IllegalStateException: bad value\\nERROR forged exception")
                .contains("Caused by: java.lang.RuntimeException: cause\\r\\nforged cause")
                .contains("\tat dev.ponte.config.logging.LogEscapingTest");
        assertThat(text).contains("a message written in the code\nkeeps its own lines");
        assertThat(lines).filteredOn(line -> line.startsWith("ERROR") || line.startsWith("2026")).isEmpty();
    }

    @Test
    void springBootsDefaultTextPatternUsesTheEscapingWords() throws Exception {
        String text = log(Map.of(), logger -> logger.info("customer={}", FORGED));
        assertThat(text.lines().toList()).hasSize(1);
        assertThat(text).contains("customer=Maria\\r\\n2026-12-02T10:00:00.000Z");
    }

    @Test
    void theJsonFormatIsOneObjectPerLine() throws Exception {
        String text = log(Map.of("CONSOLE_LOG_STRUCTURED_FORMAT", "logstash"), logger -> {
            MDC.put("provider", "cakto");
            try {
                logger.info("customer={}", FORGED);
            } finally {
                MDC.remove("provider");
            }
        });
        assertThat(text.lines().toList()).hasSize(1);
        JsonNode line = EventJson.mapper().readTree(text);
        assertThat(line.path("message").asText()).isEqualTo("customer=" + FORGED);
        assertThat(line.path("provider").asText()).isEqualTo("cakto");
    }
}
