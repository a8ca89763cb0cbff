import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's broker helper (bench/run), on the amqp-client that PerfTest brings:
 * <pre>
 *   consume EXCHANGE QUEUE STATSFILE MAXSECONDS  waits (at most 60 s) for EXCHANGE to exist, declares the durable
 *                                                QUEUE bound to it with '#', consumes it (prefetch 500, acks
 *                                                every 100th delivery with multiple) and rewrites
 *                                                STATSFILE every second with "messages=N bytes=N"; stops on
 *                                                SIGTERM or after MAXSECONDS
 *   consume-queue QUEUE STATSFILE MAXSECONDS     the same for a queue Ponte declares (with its own arguments):
 *                                                waits (at most 60 s) for QUEUE to exist and consumes it as is
 *   delete-exchange NAME...                      deletes exchanges (absent ones are fine)
 *   delete-queue NAME...                         deletes queues (absent ones are fine)
 *   count QUEUE                                  prints the ready message count of QUEUE (or -1 when absent)
 * </pre>
 * Broker: RABBITMQ_HOST / RABBITMQ_PORT / RABBITMQ_USERNAME / RABBITMQ_PASSWORD, default 127.0.0.1:5672 guest.
 */
public final class BenchAmqp {

    private static final int PREFETCH = 500;
    private static final int ACK_EVERY = 100;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: consume EXCHANGE QUEUE STATSFILE MAXSECONDS | consume-queue QUEUE STATSFILE "
                    + "MAXSECONDS | delete-exchange NAME... | "
                    + "delete-queue NAME... | count QUEUE");
            System.exit(2);
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(env("RABBITMQ_HOST", "127.0.0.1"));
        factory.setPort(Integer.parseInt(env("RABBITMQ_PORT", "5672")));
        factory.setUsername(env("RABBITMQ_USERNAME", "guest"));
        factory.setPassword(env("RABBITMQ_PASSWORD", "guest"));
        factory.setAutomaticRecoveryEnabled(false);
        switch (args[0]) {
            case "consume" -> consume(factory, args[1], args[2], Path.of(args[3]), Long.parseLong(args[4]));
            case "consume-queue" -> consume(factory, null, args[1], Path.of(args[2]), Long.parseLong(args[3]));
            case "delete-exchange", "delete-queue" -> {
                try (Connection connection = factory.newConnection("bench-cleanup")) {
                    for (int i = 1; i < args.length; i++) {
                        // a failed delete closes the channel: one channel per object
                        try (Channel channel = connection.createChannel()) {
                            if (args[0].equals("delete-exchange")) {
                                channel.exchangeDelete(args[i]);
                            } else {
                                channel.queueDelete(args[i]);
                            }
                        } catch (IOException | RuntimeException e) {
                            System.err.println("could not delete " + args[i] + ": " + e.getMessage());
                        }
                    }
                }
            }
            case "count" -> {
                try (Connection connection = factory.newConnection("bench-count");
                     Channel channel = connection.createChannel()) {
                    System.out.println(channel.queueDeclarePassive(args[1]).getMessageCount());
                } catch (IOException e) {
                    System.out.println(-1);
                }
            }
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void consume(ConnectionFactory factory, String exchange, String queue, Path stats,
                                long maxSeconds) throws Exception {
        Connection connection = factory.newConnection("bench-consumer");
        Channel channel;
        if (exchange != null) {
            channel = waitForExchange(connection, exchange);
            channel.queueDeclare(queue, true, false, false, null);
            channel.queueBind(queue, exchange, "#");
        } else {
            channel = waitForQueue(connection, queue);
        }
        AtomicLong messages = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        // manual acks, 500 in flight, acknowledged 100 at a time: auto-ack lets the broker push without limit and
        // then throttle the consumer's channel (seen here: 105 msg/s while the queue grew)
        channel.basicQos(PREFETCH);
        channel.basicConsume(queue, false, "bench-consumer", new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                       byte[] body) throws IOException {
                long n = messages.incrementAndGet();
                bytes.addAndGet(body.length);
                if (n % ACK_EVERY == 0) {
                    getChannel().basicAck(envelope.getDeliveryTag(), true);
                }
            }
        });
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            writeStats(stats, messages.get(), bytes.get());
        }));
        System.out.println("consuming " + queue + (exchange != null ? " bound to " + exchange + " with '#'" : ""));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (System.nanoTime() < deadline && !stop.await(1, TimeUnit.SECONDS)) {
            writeStats(stats, messages.get(), bytes.get());
        }
        writeStats(stats, messages.get(), bytes.get());
        try {
            connection.close(2000);
        } catch (Exception ignored) {
            // stopping anyway
        }
    }

    private static Channel waitForExchange(Connection connection, String exchange) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Channel channel = connection.createChannel();
            try {
                channel.exchangeDeclarePassive(exchange);
                return channel;
            } catch (IOException absent) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("exchange " + exchange + " was not declared within 60 s");
                }
                Thread.sleep(500);
            }
        }
    }

    private static Channel waitForQueue(Connection connection, String queue) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Channel channel = connection.createChannel();
            try {
                channel.queueDeclarePassive(queue);
                return channel;
            } catch (IOException absent) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("queue " + queue + " was not declared within 60 s");
                }
                Thread.sleep(500);
            }
        }
    }

    private static synchronized void writeStats(Path stats, long messages, long bytes) {
        try {
            Path tmp = stats.resolveSibling(stats.getFileName() + ".tmp");
            Files.writeString(tmp, "messages=" + messages + " bytes=" + bytes + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, stats, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("stats not written: " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
