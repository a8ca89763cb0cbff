package dev.ponte.bench.vertx;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.AsyncProcessorSupport;

import java.util.Arrays;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/** Publishes one confirmed message per exchange and completes the exchange from the confirm. */
final class ConfirmedPublisher extends AsyncProcessorSupport {

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
