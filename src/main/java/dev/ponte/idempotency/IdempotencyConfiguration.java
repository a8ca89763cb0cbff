package dev.ponte.idempotency;

import dev.ponte.config.PonteProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The idempotency store of {@code ponte.idempotency.store} ({@code sqlite} by default, {@code memory}; {@code jdbc}
 * in {@link JdbcIdempotencyConfiguration}) and the gate the webhook route claims event ids through.
 */
@Configuration(proxyBeanMethods = false)
public class IdempotencyConfiguration {

    /** The default store: this machine's ids, kept across restarts; jdbc (JdbcIdempotencyConfiguration) shares them. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "ponte.idempotency.store", havingValue = "sqlite", matchIfMissing = true)
    SqliteIdempotencyStore idempotencyStore(PonteProperties properties, Clock clock) {
        PonteProperties.Idempotency idempotency = properties.idempotency();
        return new SqliteIdempotencyStore(Path.of(idempotency.dir()), idempotency.retention(),
                idempotency.maxEntries(), clock);
    }

    @Bean
    @ConditionalOnProperty(name = "ponte.idempotency.store", havingValue = "sqlite", matchIfMissing = true)
    IdempotencyPurge sqliteIdempotencyPurge(SqliteIdempotencyStore store, PonteProperties properties) {
        return new IdempotencyPurge(store::purge, properties.idempotency().purgeInterval());
    }

    /** {@code ponte.idempotency.store=memory}: this process's ids only, forgotten on restart. */
    @Bean
    @ConditionalOnProperty(name = "ponte.idempotency.store", havingValue = "memory")
    MemoryIdempotencyStore memoryIdempotencyStore(PonteProperties properties) {
        return new MemoryIdempotencyStore(properties.idempotency().retention(),
                properties.idempotency().maxEntries());
    }

    @Bean
    IdempotencyGate idempotencyGate(IdempotencyStore store, PonteProperties properties, MeterRegistry registry) {
        return new IdempotencyGate(store, properties.idempotency().store().name().toLowerCase(java.util.Locale.ROOT),
                properties.idempotency().retryInterval(), registry);
    }
}
