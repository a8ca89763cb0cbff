package dev.ponte.config;

import dev.ponte.delivery.DeadLetterDepth;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Periodic housekeeping. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class SchedulingConfiguration {

    private final DeadLetterDepth deadLetterDepth;

    public SchedulingConfiguration(DeadLetterDepth deadLetterDepth) {
        this.deadLetterDepth = deadLetterDepth;
    }

    @Scheduled(initialDelayString = "${ponte.metrics.dlq-refresh:15s}", fixedDelayString = "${ponte.metrics.dlq-refresh:15s}")
    void refreshDeadLetterDepth() {
        deadLetterDepth.refresh();
    }
}
