package dev.ponte.bench.floor;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.vertx.core.VertxOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import java.util.Arrays;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Benchmark part (d), the floor gateway: the least work any gateway could do that still keeps Ponte's promise.
 * {@code POST /webhooks/{provider}} on Camel platform-http served by Vert.x; an asynchronous processor publishes the
 * request body, padded with spaces to the size of Ponte's events ({@code FLOOR_MESSAGE_BYTES}), as one persistent
 * message to the durable topic exchange {@code FLOOR_EXCHANGE} with routing key {@code <provider>.webhook}, and
 * completes the exchange only from the broker's confirm: 200 on ack, 503 on nack or a closed channel. No parsing, no
 * authentication, no deduplication. Tells whether the bench's throughput targets are reachable at all on the machine.
 */
@SpringBootApplication
public class FloorGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(FloorGatewayApplication.class, args);
    }

    @Bean
    CamelContextConfiguration vertxServer(@Value("${PORT:18084}") int port) {
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

    /**
     * platform-http-vertx runs every exchange on a Vert.x worker thread and waits there until the route completes, so
     * each request in flight holds a worker until its confirm: as many workers as Ponte has request threads, else the
     * default pool of 20 would cap the requests in flight below the bench's 64 connections.
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
    ConfirmedPublisher floorPublisher(Connection connection, @Value("${FLOOR_EXCHANGE:bench.floor}") String exchange,
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

    /** Publishes one confirmed message per exchange and completes the exchange from the confirm. */
    static final class ConfirmedPublisher extends AsyncProcessorSupport {

        private static final AMQP.BasicProperties PROPERTIES = new AMQP.BasicProperties.Builder()
                .deliveryMode(2).contentType("application/json").build();

        private final String exchange;
        private final int messageBytes;
        private final Lane[] lanes;
        private final AtomicInteger next = new AtomicInteger();

        ConfirmedPublisher(Connection connection, String exchange, int channels, int messageBytes) throws Exception {
            this.exchange = exchange;
            this.messageBytes = messageBytes;
            try (Channel declare = connection.createChannel()) {
                declare.exchangeDeclare(exchange, "topic", true);
            }
            lanes = new Lane[channels];
            for (int i = 0; i < channels; i++) {
                lanes[i] = new Lane(connection.createChannel());
            }
        }

        @Override
        public boolean process(Exchange camel, AsyncCallback callback) {
            Message in = camel.getIn();
            String key = in.getHeader("provider", String.class) + ".webhook";
            byte[] body = in.getBody(byte[].class);
            if (body == null) {
                body = new byte[0];
            }
            if (body.length < messageBytes) {
                int length = body.length;
                body = Arrays.copyOf(body, messageBytes);
                Arrays.fill(body, length, messageBytes, (byte) ' ');
            }
            in.removeHeaders("*");
            lanes[Math.floorMod(next.getAndIncrement(), lanes.length)].publish(key, body, acked -> {
                Message out = camel.getMessage();
                out.setHeader(Exchange.HTTP_RESPONSE_CODE, acked ? 200 : 503);
                out.setHeader(Exchange.CONTENT_TYPE, "application/json");
                out.setBody(acked ? "{\"status\":\"accepted\"}" : "{\"status\":\"nack\"}");
                callback.done(false);
            });
            return false;
        }

        /** One channel in confirm mode, its publishes serialized by a lock, its outstanding confirms by sequence number. */
        private final class Lane implements ConfirmListener {

            private final Channel channel;
            private final ReentrantLock lock = new ReentrantLock();
            private final ConcurrentSkipListMap<Long, Consumer<Boolean>> pending = new ConcurrentSkipListMap<>();

            Lane(Channel channel) throws Exception {
                this.channel = channel;
                channel.confirmSelect();
                channel.addConfirmListener(this);
                // a channel the broker closed (e.g. the exchange is gone) confirms nothing more: fail what waits
                channel.addShutdownListener(cause -> pending.keySet().forEach(tag -> finish(tag, false)));
            }

            void publish(String key, byte[] body, Consumer<Boolean> done) {
                boolean sent = false;
                long tag = -1;
                lock.lock();
                try {
                    tag = channel.getNextPublishSeqNo();
                    pending.put(tag, done);
                    channel.basicPublish(exchange, key, false, PROPERTIES, body);
                    sent = true;
                } catch (Exception e) {
                    pending.remove(tag);
                } finally {
                    lock.unlock();
                }
                if (!sent) {
                    done.accept(false);
                }
            }

            @Override
            public void handleAck(long deliveryTag, boolean multiple) {
                confirm(deliveryTag, multiple, true);
            }

            @Override
            public void handleNack(long deliveryTag, boolean multiple) {
                confirm(deliveryTag, multiple, false);
            }

            private void confirm(long deliveryTag, boolean multiple, boolean acked) {
                if (multiple) {
                    pending.headMap(deliveryTag, true).keySet().forEach(tag -> finish(tag, acked));
                } else {
                    finish(deliveryTag, acked);
                }
            }

            private void finish(long tag, boolean acked) {
                Consumer<Boolean> done = pending.remove(tag);
                if (done != null) {
                    done.accept(acked);
                }
            }
        }
    }
}
