package dev.ponte.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything the test JVM logs, kept for {@code LogLeakTest}: a Logback appender (logback-test.xml attaches it to
 * the root logger) that keeps each event as text (the formatted message, the message pattern, every argument, the
 * MDC, the key-value pairs and the class and message of every throwable of the chain, causes and suppressed ones
 * included; stack frames name code, not data, and are left out), and, from its first start on, every line written
 * to System.out and System.err other than by the console appender ({@link Console}): JUL before Spring Boot bridges
 * it, printStackTrace, prints of libraries. Identical records are kept once, so an outage logging the same failure
 * thousands of times costs one record. Spring Boot re-creates the appender for each application context: the store
 * is static, shared by all of them.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {

    private static final Set<String> RECORDS = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean STREAMS_COPIED = new AtomicBoolean();
    /** Set while the console appender writes: its lines are the events already kept. */
    private static final ThreadLocal<Boolean> CONSOLE_WRITING = ThreadLocal.withInitial(() -> false);

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
                .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(": ")
                .append(event.getFormattedMessage()).append(" | pattern: ").append(event.getMessage());
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
        appendThrowable(record, event.getThrowableProxy(), 0);
        RECORDS.add(record.toString());
    }

    private static void appendThrowable(StringBuilder record, IThrowableProxy throwable, int depth) {
        if (throwable == null || depth > 20) {
            return;
        }
        record.append("\n  ").append(throwable.getClassName()).append(": ").append(throwable.getMessage());
        for (IThrowableProxy suppressed : throwable.getSuppressed()) {
            appendThrowable(record, suppressed, depth + 1);
        }
        appendThrowable(record, throwable.getCause(), depth + 1);
    }

    private static String text(Object argument) {
        try {
            return argument instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(argument);
        } catch (RuntimeException e) {
            return "<toString failed: " + e + ">";
        }
    }

    /** Every distinct record so far: log events and lines of System.out/err. */
    public static List<String> records() {
        return List.copyOf(RECORDS);
    }

    /** True once logback-test.xml put this appender in place (the check of LogLeakTest is real only then). */
    public static boolean installed() {
        return STREAMS_COPIED.get();
    }

    /** The console appender of logback-test.xml: what it writes is not copied again from System.out. */
    public static final class Console extends ConsoleAppender<ILoggingEvent> {
        @Override
        protected void subAppend(ILoggingEvent event) {
            CONSOLE_WRITING.set(true);
            try {
                super.subAppend(event);
            } finally {
                CONSOLE_WRITING.set(false);
            }
        }
    }

    /** Writes through to the original stream and keeps each complete line, but stack frames. */
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
            if (!CONSOLE_WRITING.get()) {
                keep(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            original.write(bytes, offset, length);
            if (!CONSOLE_WRITING.get()) {
                for (int i = offset; i < offset + length; i++) {
                    keep(bytes[i]);
                }
            }
        }

        private void keep(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!text.startsWith("\tat ")) {
                RECORDS.add(name + ": " + text);
            }
        }

        @Override
        public synchronized void flush() {
            original.flush();
        }
    }
}
