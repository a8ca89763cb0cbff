package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * {@code ponte-delivery}: the error handling every destination route file shares by naming it
 * ({@code routeConfigurationId: ponte-delivery}). A failed delivery is tried again with exponential backoff and
 * jitter (honouring {@code Retry-After}); a failure that retrying cannot fix (HTTP 4xx other than 408 and 429, a
 * refused target) goes straight on. Either way the original event ends in the route's dead-letter queue with the
 * reason and the attempt count, and is acknowledged only once that queue has it.
 */
public class DeliveryRouteConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "ponte-delivery";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeliveryRouteConfiguration.class);

    private final PonteProperties.Delivery delivery;
    private final DeadLetters deadLetters;
    private final RetryAfter retryAfter;
    private final DeliveryMetrics metrics;
    private final DeliveryAttempts attempts;

    public DeliveryRouteConfiguration(PonteProperties.Delivery delivery, DeadLetters deadLetters,
                                      RetryAfter retryAfter, DeliveryMetrics metrics, DeliveryAttempts attempts) {
        this.attempts = attempts;
        this.delivery = delivery;
        this.deadLetters = deadLetters;
        this.retryAfter = retryAfter;
        this.metrics = metrics;
    }

    @Override
    public void configuration() {
        var configuration = routeConfiguration(ID);

        configuration.onException(NonRetryableDeliveryException.class)
                .handled(true).useOriginalMessage()
                .maximumRedeliveries(0)
                .onExceptionOccurred(DeadLetters::countAttempt)
                .process(deadLetters::deadLetter);

        configuration.onException(HttpOperationFailedException.class)
                .onWhen(exchange -> isPermanent(exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                        HttpOperationFailedException.class)))
                .handled(true).useOriginalMessage()
                .maximumRedeliveries(0)
                .onExceptionOccurred(DeadLetters::countAttempt)
                .process(deadLetters::deadLetter);

        configuration.onException(Exception.class)
                .handled(true).useOriginalMessage()
                .maximumRedeliveries(delivery.maxAttempts() - 1)
                .redeliveryDelay(delivery.initialDelay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(delivery.multiplier())
                .maximumRedeliveryDelay(delivery.maxDelay().toMillis())
                .useCollisionAvoidance()
                .collisionAvoidanceFactor(delivery.jitter())
                // Camel's own retry line would print the exception message, which for HTTP holds the URL
                .logRetryAttempted(false)
                .logStackTrace(false)
                .logExhausted(false)
                .onExceptionOccurred(exchange -> {
                    DeadLetters.countAttempt(exchange);
                    retryAfter.remember(exchange);
                    int failed = exchange.getProperty(DeadLetters.ATTEMPTS_PROPERTY, 1, Integer.class);
                    if (failed < delivery.maxAttempts()) {
                        attempts.report(exchange, DeliveryAttempt.Outcome.RETRYING, failed);
                    }
                })
                .onRedelivery(exchange -> {
                    metrics.retried(exchange.getFromRouteId());
                    log.info("delivery retry route={} attempt={} after=\"{}\"", exchange.getFromRouteId(),
                            exchange.getProperty(DeadLetters.ATTEMPTS_PROPERTY, 0, Integer.class) + 1,
                            DeadLetters.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
                    retryAfter.await(exchange);
                    attempts.started(exchange);
                })
                .process(deadLetters::deadLetter);
    }

    /** 4xx means the request itself is refused, except 408 (timeout) and 429 (slow down). */
    static boolean isPermanent(HttpOperationFailedException failure) {
        int status = failure == null ? 0 : failure.getStatusCode();
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }
}
