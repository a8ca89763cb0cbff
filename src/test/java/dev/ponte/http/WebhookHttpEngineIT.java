package dev.ponte.http;

import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import dev.ponte.support.WebhookClient.Response;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WebhookHttpEngine} pinned: a platform-http route runs on the container's request thread, within the
 * request's one dispatch (no async processing, no second ASYNC dispatch), and a failure inside Camel's consumer (here
 * writing a response whose status is not a number) is a JSON 500 with no stack trace. Probe routes of this test
 * only, under {@code /webhooks/}; no broker (a closed port).
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ponte.routes.dir=src/test/resources/no-routes", "ponte.spool.enabled=false",
                "ponte.idempotency.store=memory"})
@DirtiesContext
class WebhookHttpEngineIT {

    static final String THREAD = "engineProbe.requestThread";
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();
    static final AtomicInteger ASYNC_DISPATCHES = new AtomicInteger();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void noBroker(DynamicPropertyRegistry registry) {
        TestBroker.unreachable(registry);
    }

    @TestConfiguration
    static class Probes {

        /** Notes the thread of each request's first dispatch, and counts the ASYNC dispatches. */
        @Bean
        FilterRegistrationBean<Filter> dispatchProbe() {
            Filter probe = (request, response, chain) -> {
                if (request.getDispatcherType() == DispatcherType.ASYNC) {
                    ASYNC_DISPATCHES.incrementAndGet();
                } else if (request.getDispatcherType() == DispatcherType.REQUEST) {
                    request.setAttribute(THREAD, Thread.currentThread().getName());
                }
                chain.doFilter(request, response);
            };
            var registration = new FilterRegistrationBean<>(probe);
            registration.addUrlPatterns("/webhooks/*");
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
            return registration;
        }

        @Bean
        RouteBuilder engineProbeRoutes() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("platform-http:/webhooks/engine-probe/thread?httpMethodRestrict=POST")
                            .process(exchange -> {
                                HttpServletRequest request = exchange.getIn(PlatformHttpMessage.class).getRequest();
                                SEEN.put("requestThread", String.valueOf(request.getAttribute(THREAD)));
                                SEEN.put("routeThread", Thread.currentThread().getName());
                                SEEN.put("dispatch", request.getDispatcherType().name());
                                SEEN.put("asyncStarted", String.valueOf(request.isAsyncStarted()));
                                exchange.getMessage().removeHeaders("*");
                                exchange.getMessage().setBody("{\"probe\":\"ok\"}");
                            });
                    from("platform-http:/webhooks/engine-probe/failure?httpMethodRestrict=POST&muteException=true")
                            .process(exchange -> {
                                exchange.getMessage().removeHeaders("*");
                                exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, "not-a-status");
                                exchange.getMessage().setBody("{\"secret\":\"engine-probe-secret\"}");
                            });
                }
            };
        }
    }

    @Test
    void theRouteRunsOnTheRequestThreadWithinTheRequestsOneDispatch() {
        ASYNC_DISPATCHES.set(0);

        Response response = new WebhookClient(port).post("/webhooks/engine-probe/thread", "{}".getBytes());

        assertThat(response.status()).as("answered %s", response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"probe\":\"ok\"}");
        assertThat(SEEN.get("routeThread")).isNotBlank().isEqualTo(SEEN.get("requestThread"));
        assertThat(SEEN.get("dispatch")).isEqualTo("REQUEST");
        assertThat(SEEN.get("asyncStarted")).isEqualTo("false");
        assertThat(ASYNC_DISPATCHES.get()).as("ASYNC dispatches").isZero();
    }

    @Test
    void aFailureInsideTheConsumerIsAJson500WithoutStackTrace() {
        Response response = new WebhookClient(port).post("/webhooks/engine-probe/failure", "{}".getBytes());

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.raw().headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(response.json().path("error").asText()).isEqualTo("internal_server_error");
        assertThat(response.body()).doesNotContain("engine-probe-secret").doesNotContain("Exception")
                .doesNotContain("at org.");
    }
}
