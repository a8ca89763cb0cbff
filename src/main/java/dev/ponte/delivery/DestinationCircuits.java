package dev.ponte.delivery;

import dev.ponte.config.PonteProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One circuit breaker per destination route (Resilience4j's state machine). After
 * {@code ponte.delivery.circuit-breaker.failure-threshold} consecutive failed tries that retrying could fix, the
 * circuit opens: the route's consumers stop before their next event, which stays unacknowledged in the route's queue
 * (as do the events behind it) instead of using up its tries against a destination that is down. After
 * {@code open-duration} it half-opens: {@code probes} events are tried; a success closes it, a failure opens it
 * again.
 * <p>
 * Why not Camel's {@code circuitBreaker} EIP: it wraps steps inside the route, so while open it can only hand the
 * event to a fallback, and the event would have to go somewhere (a retry queue, burning a try). Holding the consumer
 * before the event is taken leaves every event in the queue, which is the promise.
 * <p>
 * {@code ponte_destination_circuit_state{route,state}} is 1 for the current state; health details carry the same.
 */
public class DestinationCircuits implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DestinationCircuits.class);
    private static final long WAIT_SLICE_MILLIS = 500;

    private final PonteProperties.CircuitBreaker settings;
    private final MeterRegistry registry;
    private final Map<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();
    private final Object stateChanged = new Object();

    public DestinationCircuits(PonteProperties.CircuitBreaker settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    public CircuitBreaker of(String route) {
        return circuits.computeIfAbsent(route, this::create);
    }

    private CircuitBreaker create(String route) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failureThreshold())
                .minimumNumberOfCalls(settings.failureThreshold())
                .failureRateThreshold(100.0f)
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(settings.probes())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        CircuitBreaker circuit = CircuitBreaker.of(route, config);
        circuit.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.StateTransition transition = event.getStateTransition();
            if (transition.getToState() == CircuitBreaker.State.OPEN) {
                log.warn("destination circuit open route={} after {} failed tries in a row: events wait in the "
                        + "queue, probe in {}", route, settings.failureThreshold(), settings.openDuration());
            } else {
                log.info("destination circuit {} route={}", name(transition.getToState()), route);
            }
            synchronized (stateChanged) {
                stateChanged.notifyAll();
            }
        });
        for (CircuitBreaker.State state : new CircuitBreaker.State[]{CircuitBreaker.State.CLOSED,
                CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN}) {
            Gauge.builder("ponte.destination.circuit.state", circuit, c -> c.getState() == state ? 1 : 0)
                    .description("State of the circuit breaker of a destination route (1 = current state)")
                    .tag("route", route).tag("state", name(state)).register(registry);
        }
        return circuit;
    }

    /**
     * Waits until the route's circuit lets a try through. Returns at once while closed. While open, waits until
     * a probe is allowed, or until {@code giveUp} says the route is stopping (then the try happens anyway:
     * better one try than holding a shutdown).
     *
     * @return whether a permission was acquired (record the try's outcome with it)
     */
    public boolean awaitPermission(String route, BooleanSupplier giveUp) throws InterruptedException {
        CircuitBreaker circuit = of(route);
        while (!circuit.tryAcquirePermission()) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
            synchronized (stateChanged) {
                stateChanged.wait(WAIT_SLICE_MILLIS);
            }
        }
        return true;
    }

    public void succeeded(String route, boolean permitted, Duration took) {
        if (permitted) {
            of(route).onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    public void failed(String route, boolean permitted, Duration took, Throwable failure) {
        if (permitted) {
            of(route).onError(took.toNanos(), TimeUnit.NANOSECONDS, failure);
        }
    }

    /** The try ended in a way that says nothing of the destination's health (a refused event, a 4xx). */
    public void neutral(String route, boolean permitted) {
        if (permitted) {
            of(route).releasePermission();
        }
    }

    public CircuitBreaker.State state(String route) {
        return of(route).getState();
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        circuits.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            CircuitBreaker.Metrics metrics = entry.getValue().getMetrics();
            Map<String, Object> circuit = new LinkedHashMap<>();
            circuit.put("state", name(entry.getValue().getState()));
            circuit.put("failedTries", metrics.getNumberOfFailedCalls());
            circuit.put("bufferedTries", metrics.getNumberOfBufferedCalls());
            details.put(entry.getKey(), circuit);
        });
        // an open circuit is the destination's trouble, not Ponte's: Ponte stays UP and keeps the events
        return Health.up().withDetails(details).build();
    }

    static String name(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
