package dev.ponte.bench.ceiling;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import dev.ponte.http.WebhookHttpEngine;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Benchmark limit (a): {@code POST /webhooks/{provider}} on Camel platform-http, answering 200 with a small JSON
 * body and doing nothing else (no authentication, no parsing, no broker). What Ponte's HTTP stack costs alone.
 */
@SpringBootApplication
public class CeilingApplication {

    public static void main(String[] args) {
        SpringApplication.run(CeilingApplication.class, args);
    }

    /** Ponte's engine: the route on the request thread, answered synchronously. */
    @Bean(name = "platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port) {
        return new WebhookHttpEngine(port);
    }

    @Bean
    RouteBuilder ceilingRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/webhooks/{provider}?httpMethodRestrict=POST")
                        .routeId("http-ceiling")
                        .removeHeaders("*")
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200))
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                        .setBody(constant("{\"status\":\"accepted\"}"));
            }
        };
    }
}
