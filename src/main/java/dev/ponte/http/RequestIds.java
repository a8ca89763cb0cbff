package dev.ponte.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** The correlation id of a webhook: the caller's {@code X-Request-Id} when it is a safe token, else a new one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    static String accept(String presented) {
        return presented != null && SAFE.matcher(presented).matches() ? presented : UUID.randomUUID().toString();
    }
}
