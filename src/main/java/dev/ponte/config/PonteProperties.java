package dev.ponte.config;

import dev.ponte.provider.ProviderSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * Every {@code ponte.*} setting, with its default beside it. Environment variables work as usual
 * ({@code PONTE_PROVIDERS_CAKTO_SECRETS=s1,s2}, {@code PONTE_PUBLISH_CONFIRM_TIMEOUT=3s}).
 *
 * @param providers   per provider name: {@code secrets} (list; several at once while rotating),
 *                    {@code require-signature}, {@code time-zone}
 * @param ingress     HTTP side of the webhooks
 * @param publish     the RabbitMQ exchange and publisher confirms
 * @param idempotency how long and how many event ids are remembered
 */
@ConfigurationProperties("ponte")
public record PonteProperties(
        Map<String, ProviderSettings> providers,
        @DefaultValue Ingress ingress,
        @DefaultValue Publish publish,
        @DefaultValue Idempotency idempotency) {

    public PonteProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
    }

    /**
     * @param maxBodyBytes largest webhook body accepted; larger gets 413 before it is read whole
     * @param retryAfter   the {@code Retry-After} of a 503
     */
    public record Ingress(@DefaultValue("262144") long maxBodyBytes, @DefaultValue("30s") Duration retryAfter) {
    }

    /**
     * @param exchange       the topic exchange every unified event is published to
     * @param parkedQueue    durable queue bound to {@code unmapped.#}: authenticated webhooks no type fits
     * @param unroutedQueue  durable queue behind the exchange's alternate exchange: events no destination
     *                       is bound to are kept here instead of being dropped by the broker
     * @param confirmTimeout how long a webhook waits for the broker's publisher confirm
     */
    public record Publish(@DefaultValue("ponte.events") String exchange,
                          @DefaultValue("ponte.parked") String parkedQueue,
                          @DefaultValue("ponte.unrouted") String unroutedQueue,
                          @DefaultValue("5s") Duration confirmTimeout) {
    }

    /**
     * @param retention  how long an event id is remembered as published
     * @param maxEntries bound on remembered ids (memory store): the oldest are forgotten first
     */
    public record Idempotency(@DefaultValue("24h") Duration retention,
                              @DefaultValue("1000000") long maxEntries) {
    }

}
