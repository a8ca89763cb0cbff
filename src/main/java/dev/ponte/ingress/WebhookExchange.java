package dev.ponte.ingress;

import dev.ponte.http.WebhookBodyFilter;
import dev.ponte.idempotency.IdempotencyStore;
import dev.ponte.provider.Normalization;
import dev.ponte.provider.WebhookProvider;
import dev.ponte.provider.WebhookRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A webhook's state between the steps of its route. It travels in exchange properties, never in headers: headers
 * become HTTP response headers and could echo a credential.
 */
final class WebhookExchange {

    /** The provider name of the path, as received. */
    static final String PROVIDER_NAME = "ponteProviderName";
    /** The {@link WebhookProvider} whose branch the webhook took. */
    static final String PROVIDER = "ponteProvider";
    static final String REQUEST = "ponteRequest";
    static final String NORMALIZATION = "ponteNormalization";
    static final String STARTED = "ponteStarted";
    static final String REQUEST_ID = "ponteRequestId";
    static final String CLIENT = "ponteClient";
    /** The event's {@link HeldClaim}, once claimed. */
    static final String CLAIM = "ponteClaim";
    /** True when the event's id was published before. */
    static final String DUPLICATE = "ponteDuplicate";

    private WebhookExchange() {
    }

    /** The request facts the outcome listeners get, taken when the route starts. */
    record Client(Instant receivedAt, String remoteAddress, String userAgent, int bodyBytes) {
    }

    static WebhookProvider provider(Exchange exchange) {
        return exchange.getProperty(PROVIDER, WebhookProvider.class);
    }

    static WebhookRequest request(Exchange exchange) {
        return exchange.getProperty(REQUEST, WebhookRequest.class);
    }

    static Normalization normalization(Exchange exchange) {
        return exchange.getProperty(NORMALIZATION, Normalization.class);
    }

    static String requestId(Exchange exchange) {
        Object id = exchange.getProperty(REQUEST_ID);
        if (id == null && exchange.getIn() instanceof PlatformHttpMessage message) {
            id = message.getRequest().getAttribute(WebhookBodyFilter.REQUEST_ID);
        }
        return id != null ? id.toString() : null;
    }

    /** Releases the event's claim unless it was settled already: every failure path calls this. */
    static void releaseClaim(Exchange exchange) {
        HeldClaim claim = exchange.getProperty(CLAIM, HeldClaim.class);
        if (claim != null) {
            claim.release();
        }
    }

    /**
     * A claim settled exactly once: confirmed once the event is confirmed or spooled, released on any failure. A
     * claim left held would make every retry of the event wait, then answer 503, for the life of the process.
     */
    static final class HeldClaim {
        private final IdempotencyStore.Claim claim;
        private final AtomicBoolean settled = new AtomicBoolean();

        HeldClaim(IdempotencyStore.Claim claim) {
            this.claim = claim;
        }

        void confirm() {
            if (settled.compareAndSet(false, true)) {
                claim.confirm();
            }
        }

        void release() {
            if (settled.compareAndSet(false, true)) {
                claim.release();
            }
        }
    }
}
