package dev.ponte.ingress;

import dev.ponte.event.UnifiedEvent;
import dev.ponte.idempotency.IdempotencyGate;
import dev.ponte.idempotency.IdempotencyStore;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

import java.time.Duration;

/**
 * Claims the event's id: marks the exchange {@link WebhookExchange#DUPLICATE} when it was published before, else
 * holds the claim until the answer step confirms it. A concurrent delivery of the same id waits for the one in flight
 * (a {@link dev.ponte.publish.BrokerUnavailableException}, 503, when it is still in flight after {@code wait}).
 */
final class IdempotencyStep implements Processor {

    private final IdempotencyGate gate;
    private final Duration wait;

    IdempotencyStep(IdempotencyGate gate, Duration wait) {
        this.gate = gate;
        this.wait = wait;
    }

    @Override
    public void process(Exchange exchange) {
        UnifiedEvent event = exchange.getMessage().getBody(UnifiedEvent.class);
        IdempotencyStore.Claim claim = gate.claim(event.id(), wait);
        if (claim.duplicate()) {
            exchange.setProperty(WebhookExchange.DUPLICATE, true);
            return;
        }
        WebhookExchange.HeldClaim held = new WebhookExchange.HeldClaim(claim);
        exchange.setProperty(WebhookExchange.CLAIM, held);
        // the error handlers release it before they answer; this covers any path that skipped them
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                held.release();
            }
        });
    }
}
