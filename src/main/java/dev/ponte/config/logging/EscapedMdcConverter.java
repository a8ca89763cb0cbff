package dev.ponte.config.logging;

import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %X} and {@code %mdc} of the text log format, values escaped by {@link LogText}. */
public class EscapedMdcConverter extends MDCConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.escape(super.convert(event));
    }
}
