package dev.ponte.management;

import dev.ponte.delivery.DeadLetterReplay;
import dev.ponte.delivery.DeadLetters;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code POST /admin/destinations/{route}/replay} on the management port, with {@code Authorization: Bearer
 * <ponte.admin.token>}: moves the route's dead letters back to its queue. Without a configured token the endpoint
 * does not exist (404). Registered by {@link ManagementConfiguration}, not by component scanning.
 */
@RestController
public class ReplayController {

    private static final Logger log = LoggerFactory.getLogger(ReplayController.class);

    private final CamelContext camel;
    private final DeadLetterReplay replay;
    private final AdminToken token;

    public ReplayController(CamelContext camel, DeadLetterReplay replay, AdminToken token) {
        this.camel = camel;
        this.replay = replay;
        this.token = token;
    }

    @PostMapping("/admin/destinations/{route}/replay")
    public ResponseEntity<Map<String, Object>> replay(@PathVariable("route") String routeId,
                                                      @RequestHeader(value = "Authorization", required = false)
                                                      String authorization) {
        if (!token.configured()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found"));
        }
        if (!token.matches(authorization)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "unauthorized"));
        }
        Route route = camel.getRoute(routeId);
        if (route == null || !(route.getEndpoint() instanceof SpringRabbitMQEndpoint)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "unknown_route"));
        }
        String queue = DeadLetters.queueOf(route.getEndpoint());
        try {
            int moved = replay.replay(queue);
            log.info("replay route={} queue={} moved={}", routeId, queue, moved);
            return ResponseEntity.ok(Map.of("route", routeId, "queue", queue, "moved", moved));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(routeId, e);
        } catch (Exception e) {
            return unavailable(routeId, e);
        }
    }

    private static ResponseEntity<Map<String, Object>> unavailable(String routeId, Exception e) {
        log.warn("replay of route {} failed: {} {}", routeId, e.toString(), e.getCause() == null ? "" : e.getCause().getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "30").body(Map.of("error", "unavailable", "detail", "broker not reachable"));
    }
}
