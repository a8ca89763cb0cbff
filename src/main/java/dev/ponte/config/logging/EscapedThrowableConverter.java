package dev.ponte.config.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * {@code %wEx} and {@code %wex} of the text log format (Spring Boot's stack trace layout): an exception's message,
 * and those of its causes and suppressed exceptions, escaped by {@link LogText}: a message can quote a value.
 * The stack frames name code and keep their lines.
 */
public class EscapedThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return super.throwableProxyToString(Escaped.of(throwable));
    }

    private record Escaped(IThrowableProxy original) implements IThrowableProxy {

        static IThrowableProxy of(IThrowableProxy throwable) {
            return throwable == null ? null : new Escaped(throwable);
        }

        @Override
        public String getMessage() {
            return LogText.escape(original.getMessage());
        }

        @Override
        public String getClassName() {
            return original.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return original.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return original.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            // a cyclic chain is cut by the converter through isCyclic(), as for the original
            return of(original.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = original.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                escaped[i] = of(suppressed[i]);
            }
            return escaped;
        }

        @Override
        public boolean isCyclic() {
            return original.isCyclic();
        }
    }
}
