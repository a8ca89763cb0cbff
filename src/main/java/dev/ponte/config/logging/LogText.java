package dev.ponte.config.logging;

/**
 * Escapes control characters in a logged value, so that a value sent by a provider (a buyer's name with a line
 * break) can never start a log line of its own or steer a terminal: CR, LF and tab become {@code \r}, {@code \n},
 * {@code \t}; other control characters and the Unicode line and paragraph separators become {@code \}{@code uXXXX}.
 * A backslash is left as it is: the escapes only have to make a forged line impossible, not be reversible.
 */
public final class LogText {

    private LogText() {
    }

    public static String escape(String value) {
        if (value == null) {
            return null;
        }
        int i = 0;
        while (i < value.length() && !needsEscape(value.charAt(i))) {
            i++;
        }
        if (i == value.length()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, i);
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
