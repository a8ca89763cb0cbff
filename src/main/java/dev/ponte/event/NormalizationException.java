package dev.ponte.event;

/**
 * A provider payload that cannot be turned into a unified event (a field of the wrong type, an unparseable
 * date). The ingress parks such a webhook instead of failing it: the message names the problem, never a value
 * that could be personal data.
 */
public class NormalizationException extends RuntimeException {
    public NormalizationException(String message) {
        super(message, null, false, false);
    }
}
