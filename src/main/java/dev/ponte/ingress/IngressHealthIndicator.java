package dev.ponte.ingress;

import dev.ponte.idempotency.IdempotencyGate;
import dev.ponte.publish.EventSpool;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ponteIngress}, part of the readiness group: UP while Ponte can take webhooks safely, that is while the
 * broker answers or the spool accepts events; DOWN when the broker is unreachable and the spool is off, full or
 * failing (then a load balancer should send webhooks elsewhere). The idempotency store is a detail only: while it
 * is down webhooks are still taken safely, at least once ({@link IdempotencyGate}).
 */
public class IngressHealthIndicator extends AbstractHealthIndicator {

    private final RabbitTemplate template;
    private final EventSpool spool;
    private final IdempotencyGate idempotency;

    /** @param spool null when the spool is disabled */
    public IngressHealthIndicator(RabbitTemplate template, EventSpool spool, IdempotencyGate idempotency) {
        super("ingress health check failed");
        this.template = template;
        this.spool = spool;
        this.idempotency = idempotency;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean brokerUp;
        try {
            brokerUp = Boolean.TRUE.equals(template.execute(channel -> channel.isOpen()));
        } catch (RuntimeException e) {
            brokerUp = false;
        }
        boolean spoolAccepting = spool != null && spool.accepting();
        builder.status(brokerUp || spoolAccepting ? "UP" : "DOWN");
        builder.withDetail("broker", brokerUp ? "UP" : "DOWN");
        if (spool == null) {
            builder.withDetail("spool", "disabled");
        } else {
            Instant oldest = spool.oldestReceivedAt();
            builder.withDetail("spool", java.util.Map.of(
                    "accepting", spoolAccepting,
                    "depth", spool.depth(),
                    "bytes", spool.bytes(),
                    "oldestAgeSeconds", oldest == null ? 0 : Duration.between(oldest, Instant.now()).toSeconds()));
        }
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("store", idempotency.storeName());
        ids.put("status", idempotency.available() ? "UP" : "DOWN");
        if (!idempotency.available()) {
            ids.put("error", idempotency.lastFailure());
            ids.put("meanwhile", "webhooks published without the duplicate check (at least once)");
        }
        ids.put("bypassed", (long) idempotency.bypassedTotal());
        builder.withDetail("idempotency", ids);
    }
}
