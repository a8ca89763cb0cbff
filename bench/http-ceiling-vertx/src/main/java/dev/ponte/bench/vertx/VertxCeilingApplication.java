package dev.ponte.bench.vertx;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Benchmark limit (a'): {@code POST /webhooks/{provider}} on Camel platform-http served by Vert.x, answering 200 with
 * a small JSON body and doing nothing else. Beside (a), what Camel's Vert.x engine costs alone.
 */
@SpringBootApplication
public class VertxCeilingApplication {

    public static void main(String[] args) {
        SpringApplication.run(VertxCeilingApplication.class, args);
    }

    @Bean
    CamelContextConfiguration vertxServer(@Value("${PORT:18083}") int port) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
                conf.setBindHost("127.0.0.1");
                conf.setBindPort(port);
                try {
                    context.addService(new VertxPlatformHttpServer(conf));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    @Bean
    RouteBuilder ceilingRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/webhooks/{provider}?httpMethodRestrict=POST")
                        .routeId("http-ceiling-vertx")
                        .removeHeaders("*")
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200))
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                        .setBody(constant("{\"status\":\"accepted\"}"));
            }
        };
    }
}
