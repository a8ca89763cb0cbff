package dev.ponte.ingress;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code ponteIngress}, part of the readiness group: UP while Ponte can take webhooks safely, that is while the
 * broker answers or the spool accepts events; DOWN when the broker is unreachable and the spool is off, full or
 * failing (then a load balancer should send webhooks elsewhere).
 */
public class IngressHealthIndicator extends AbstractHealthIndicator {

    private final RabbitTemplate template;
    private final EventSpool spool;

    /** @param spool null when the spool is disabled */
    public IngressHealthIndicator(RabbitTemplate template, EventSpool spool) {
        super("ingress health check failed");
        this.template = template;
        this.spool = spool;
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
    }
}
