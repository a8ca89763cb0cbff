package dev.ponte.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything the test JVM logs, kept for {@code LogLeakTest}: a Logback appender (logback-test.xml attaches it to
 * the root logger) that keeps each event as text (the formatted message, the message pattern, every argument, the
 * MDC, the key-value pairs and the whole stack trace with causes and suppressed exceptions), and, from its first
 * start on, a copy of every line written to System.out and System.err (JUL before Spring Boot bridges it,
 * printStackTrace, prints of libraries). Spring Boot re-creates the appender for each application context: the
 * store is static, shared by all of them.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {

    private static final Queue<String> RECORDS = new ConcurrentLinkedQueue<>();
    private static final AtomicBoolean STREAMS_COPIED = new AtomicBoolean();

    @Override
    public void start() {
        if (STREAMS_COPIED.compareAndSet(false, true)) {
            System.setOut(new PrintStream(new LineCopy(System.out, "stdout"), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new LineCopy(System.err, "stderr"), true, StandardCharsets.UTF_8));
        }
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder record = new StringBuilder(256)
                .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" [")
                .append(event.getThreadName()).append("] ").append(event.getFormattedMessage())
                .append(" | pattern: ").append(event.getMessage());
        Object[] arguments = event.getArgumentArray();
        if (arguments != null) {
            for (Object argument : arguments) {
                record.append(" | argument: ").append(text(argument));
            }
        }
        if (!event.getMDCPropertyMap().isEmpty()) {
            record.append(" | mdc: ").append(event.getMDCPropertyMap());
        }
        if (event.getKeyValuePairs() != null && !event.getKeyValuePairs().isEmpty()) {
            record.append(" | key-values: ").append(event.getKeyValuePairs());
        }
        if (event.getThrowableProxy() != null) {
            record.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        RECORDS.add(record.toString());
    }

    private static String text(Object argument) {
        try {
            return argument instanceof Object[] array ? java.util.Arrays.deepToString(array) : String.valueOf(argument);
        } catch (RuntimeException e) {
            return "<toString failed: " + e + ">";
        }
    }

    /** Every record so far: log events and lines of System.out/err, in the order they came. */
    public static List<String> records() {
        return List.copyOf(RECORDS);
    }

    /** True once logback-test.xml put this appender in place (the check of LogLeakTest is real only then). */
    public static boolean installed() {
        return STREAMS_COPIED.get();
    }

    /** Writes through to the original stream and keeps each complete line. */
    private static final class LineCopy extends OutputStream {
        private final PrintStream original;
        private final String name;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineCopy(PrintStream original, String name) {
            this.original = original;
            this.name = name;
        }

        @Override
        public synchronized void write(int b) {
            original.write(b);
            keep(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            original.write(bytes, offset, length);
            for (int i = offset; i < offset + length; i++) {
                keep(bytes[i]);
            }
        }

        private void keep(int b) {
            if (b == '\n') {
                RECORDS.add(name + ": " + line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
            if (b != '\n') {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            original.flush();
        }
    }
}
