package dev.ponte.config.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.helpers.MessageFormatter;

/**
 * {@code %m}, {@code %msg}, {@code %message} of the text log format: the message as written in the code (its own
 * line breaks kept, as in Spring Boot's start-up failure report) with every {@code {}} value escaped by
 * {@link LogText}.
 */
public class EscapedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        Object[] arguments = event.getArgumentArray();
        if (arguments == null || arguments.length == 0) {
            return event.getFormattedMessage();
        }
        Object[] escaped = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            Object argument = arguments[i];
            escaped[i] = argument == null || argument.getClass().isArray() ? argument : LogText.escape(text(argument));
        }
        return MessageFormatter.arrayFormat(event.getMessage(), escaped).getMessage();
    }

    private static String text(Object argument) {
        try {
            return String.valueOf(argument);
        } catch (RuntimeException e) {
            return "[" + argument.getClass().getName() + ".toString() failed]";
        }
    }
}
