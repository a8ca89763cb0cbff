package dev.ponte.bench.vertx;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Benchmark limit (a'): {@code POST /webhooks/{provider}} on Camel platform-http served by Vert.x, answering 200 with
 * a small JSON body and doing nothing else. Beside (a), what Camel's Vert.x engine costs alone.
 *
 * <p>With {@code BENCH_MODE=floor} it is part (d), the floor gateway: the least work any gateway could do that still
 * keeps Ponte's promise. The route's {@link ConfirmedPublisher} publishes the request body, padded with spaces to the
 * size of Ponte's events ({@code FLOOR_MESSAGE_BYTES}), as one persistent message to the durable topic exchange
 * {@code FLOOR_EXCHANGE} with routing key {@code <provider>.webhook}, and completes the exchange only from the broker's
 * confirm: 200 on ack, 503 on nack or a closed channel. No parsing, no authentication, no deduplication. It tells
 * whether the bench's throughput targets are reachable at all on the machine.
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
    @ConditionalOnProperty(name = "BENCH_MODE", havingValue = "ceiling", matchIfMissing = true)
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

    /** The floor gateway's beans, {@code BENCH_MODE=floor}. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "BENCH_MODE", havingValue = "floor")
    static class Floor {

        /**
         * platform-http-vertx runs every exchange on a Vert.x worker thread and waits there until the route completes,
         * so each request in flight holds a worker until its confirm: as many workers as Ponte has request threads,
         * else the default pool of 20 would cap the requests in flight below the bench's 64 connections.
         */
        @Bean
        VertxOptions vertxOptions() {
            return new VertxOptions().setWorkerPoolSize(128);
        }

        @Bean(destroyMethod = "close")
        Connection floorConnection(@Value("${RABBITMQ_HOST:127.0.0.1}") String host,
                                   @Value("${RABBITMQ_PORT:5672}") int port) throws Exception {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost(host);
            factory.setPort(port);
            factory.setAutomaticRecoveryEnabled(false);
            return factory.newConnection("floor-gateway");
        }

        @Bean
        ConfirmedPublisher floorPublisher(Connection connection,
                                          @Value("${FLOOR_EXCHANGE:bench.floor}") String exchange,
                                          @Value("${FLOOR_CHANNELS:1}") int channels,
                                          @Value("${FLOOR_MESSAGE_BYTES:2893}") int messageBytes) throws Exception {
            return new ConfirmedPublisher(connection, exchange, channels, messageBytes);
        }

        @Bean
        RouteBuilder floorRoute(ConfirmedPublisher publisher) {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("platform-http:/webhooks/{provider}?httpMethodRestrict=POST")
                            .routeId("floor-gateway")
                            .process(publisher);
                }
            };
        }
    }
}
