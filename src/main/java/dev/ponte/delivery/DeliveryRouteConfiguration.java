package dev.ponte.delivery;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * {@code ponte-delivery}: the error handling every destination route file shares by naming it
 * ({@code routeConfigurationId: ponte-delivery}). Each event gets one try per delivery from its queue; a failed try
 * is handed to {@link DeliveryFailures} with the original message: into a retry queue of the route (waiting in the
 * broker, exponential backoff with jitter, {@code Retry-After} honoured) or, with no try left or a failure retrying
 * cannot fix (HTTP 4xx other than 408 and 429, a refused target), into the route's dead-letter queue with the reason
 * and the attempt count. The original is acknowledged only once that queue has the copy; meanwhile the consumer
 * takes the next event.
 */
public class DeliveryRouteConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "ponte-delivery";

    private final DeliveryFailures failures;

    public DeliveryRouteConfiguration(DeliveryFailures failures) {
        this.failures = failures;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class)
                .handled(true).useOriginalMessage()
                .maximumRedeliveries(0)
                // Camel's own lines would print the exception message, which for HTTP holds the URL
                .logRetryAttempted(false)
                .logStackTrace(false)
                .logExhausted(false)
                .logHandled(false)
                .process(failures::handle);
    }
}
