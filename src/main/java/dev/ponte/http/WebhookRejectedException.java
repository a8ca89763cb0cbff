package dev.ponte.http;

/** A webhook refused with a 4xx/503 answer: the status, the error code of the body, and a safe detail. */
public class WebhookRejectedException extends RuntimeException {

    private final int status;
    private final String error;
    private final WebhookMetrics.Outcome outcome;

    public WebhookRejectedException(int status, String error, String detail, WebhookMetrics.Outcome outcome) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
        this.outcome = outcome;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public WebhookMetrics.Outcome outcome() {
        return outcome;
    }

    public static WebhookRejectedException unknownProvider() {
        return new WebhookRejectedException(404, "unknown_provider", null, WebhookMetrics.Outcome.UNKNOWN_PROVIDER);
    }

    /** Never says which part of the credential was wrong. */
    public static WebhookRejectedException unauthorized() {
        return new WebhookRejectedException(401, "unauthorized", null, WebhookMetrics.Outcome.UNAUTHORIZED);
    }

    public static WebhookRejectedException invalidJson(String detail) {
        return new WebhookRejectedException(400, "invalid_json", detail, WebhookMetrics.Outcome.INVALID);
    }

    public static WebhookRejectedException unavailable(String detail) {
        return new WebhookRejectedException(503, "unavailable", detail, WebhookMetrics.Outcome.UNAVAILABLE);
    }
}
