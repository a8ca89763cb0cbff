package dev.ponte.publish;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.beans.factory.DisposableBean;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends persistent, mandatory messages and reports each as stored only once the broker confirmed it.
 *
 * <p>Publishing goes over a few long-lived channels in confirm mode ("lanes"), on the publisher connection of the
 * connection factory (consumers are on the other one, so a broker that blocks publishers does not block the
 * consumers that would relieve it). Every message gets a future keyed by its publish sequence number; the
 * broker's acks, usually one {@code multiple} ack for many messages, complete them. Concurrent webhooks thus
 * share one confirm round trip and no channel is checked out, returned or waited on per message. A message the
 * broker could not route comes back as a return before its ack and counts as not stored; a nack, a closed
 * channel or a blocked connection fail the futures at once, so the caller can spool the event.
 */
public class ConfirmedSender implements DisposableBean {

    private final ConnectionFactory connectionFactory;
    private final Duration confirmTimeout;
    private final MessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();
    private final Lane[] lanes;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<com.rabbitmq.client.Connection, Boolean> watched =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private volatile String blockedReason;

    /**
     * @param channels how many confirm-mode channels publish concurrently (each serializes its publishes; the
     *                 broker runs one process per channel)
     */
    public ConfirmedSender(ConnectionFactory connectionFactory, Duration confirmTimeout, int channels) {
        this.connectionFactory = connectionFactory instanceof CachingConnectionFactory caching
                && caching.getPublisherConnectionFactory() != null
                ? caching.getPublisherConnectionFactory() : connectionFactory;
        this.confirmTimeout = confirmTimeout;
        this.lanes = new Lane[Math.max(1, channels)];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane();
        }
    }

    /** @throws BrokerUnavailableException unless the broker confirmed the message as routed and stored */
    public void send(String exchange, String routingKey, Message message, String correlationId) {
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        CompletableFuture<Void> confirm = publish(exchange, routingKey, message, correlationId, deadline);
        await(confirm, deadline);
    }

    /**
     * Sends without waiting: the future completes once the broker confirmed the message as routed and stored, and
     * fails with {@link BrokerUnavailableException} otherwise, no confirm within the confirm timeout included. It is
     * completed on the client's thread that received the confirm.
     *
     * @throws BrokerUnavailableException when the message cannot be sent at all
     */
    public CompletableFuture<Void> sendAsync(String exchange, String routingKey, Message message,
                                             String correlationId) {
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        CompletableFuture<Void> confirm = publish(exchange, routingKey, message, correlationId, deadline);
        return confirm.orTimeout(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(notStored(failure)));
    }

    private BrokerUnavailableException notStored(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof BrokerUnavailableException b) {
            return b;
        }
        if (cause instanceof TimeoutException) {
            return new BrokerUnavailableException("no publisher confirm within " + confirmTimeout, cause);
        }
        return new BrokerUnavailableException("confirm failed", cause);
    }

    /** One message of a batch. */
    public record Outgoing(String exchange, String routingKey, Message message, String correlationId) {
    }

    /**
     * Sends a batch and then awaits every confirm together, so a batch costs about one round trip.
     *
     * @return the indexes of the messages the broker confirmed as routed and stored, in order
     */
    public List<Integer> sendAll(List<Outgoing> batch) {
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        List<CompletableFuture<Void>> confirms = new ArrayList<>(batch.size());
        for (Outgoing outgoing : batch) {
            try {
                confirms.add(publish(outgoing.exchange(), outgoing.routingKey(), outgoing.message(),
                        outgoing.correlationId(), deadline));
            } catch (BrokerUnavailableException e) {
                break;
            }
        }
        List<Integer> confirmed = new ArrayList<>();
        for (int i = 0; i < confirms.size(); i++) {
            try {
                await(confirms.get(i), deadline);
                confirmed.add(i);
            } catch (BrokerUnavailableException e) {
                // not confirmed: stays where it is and is tried again
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        return confirmed;
    }

    private CompletableFuture<Void> publish(String exchange, String routingKey, Message message, String correlationId,
                                            long deadline) {
        String blocked = blockedReason;
        if (blocked != null) {
            // a resource alarm: the broker would stall the publish on the socket; fail now so the event is spooled
            throw new BrokerUnavailableException("broker blocks publishing (" + blocked + ")", null);
        }
        AMQP.BasicProperties properties = converter.fromMessageProperties(message.getMessageProperties(), "UTF-8");
        if (properties.getMessageId() == null) {
            // a return names its message by message id only
            properties = properties.builder().messageId(correlationId != null ? correlationId
                    : java.util.UUID.randomUUID().toString()).build();
        }
        Lane lane = lanes[Math.floorMod(next.getAndIncrement(), lanes.length)];
        return lane.publish(exchange, routingKey, properties, message.getBody(), deadline);
    }

    private void await(CompletableFuture<Void> confirm, long deadline) {
        try {
            confirm.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("no publisher confirm within " + confirmTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for the confirm", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BrokerUnavailableException b ? b
                    : new BrokerUnavailableException("confirm failed", e.getCause());
        }
    }

    /** Why the broker blocks publishing (a resource alarm), or null while it does not. */
    String blockedReason() {
        return blockedReason;
    }

    @Override
    public void destroy() {
        for (Lane lane : lanes) {
            lane.close();
        }
    }

    /**
     * The publisher connection, open. The caching factory hands out its connection until one of its own channels
     * notices it died, and the lanes use no channel of its cache: a dead connection is reset here instead.
     */
    private synchronized com.rabbitmq.client.Connection connection() {
        com.rabbitmq.client.Connection connection = connectionFactory.createConnection().getDelegate();
        if ((connection == null || !connection.isOpen()) && connectionFactory instanceof CachingConnectionFactory c) {
            c.resetConnection();
            connection = connectionFactory.createConnection().getDelegate();
        }
        if (connection == null || !connection.isOpen()) {
            throw new BrokerUnavailableException("broker connection closed", null);
        }
        watch(connection);
        return connection;
    }

    private void watch(com.rabbitmq.client.Connection connection) {
        if (watched.putIfAbsent(connection, Boolean.TRUE) == null) {
            connection.addBlockedListener(new BlockedListener() {
                @Override
                public void handleBlocked(String reason) {
                    blockedReason = reason == null || reason.isBlank() ? "connection blocked" : reason;
                }

                @Override
                public void handleUnblocked() {
                    blockedReason = null;
                }
            });
            connection.addShutdownListener(cause -> blockedReason = null);
        }
    }

    /** A message published and not yet confirmed. */
    private static final class Pending extends CompletableFuture<Void> {
        final String messageId;
        volatile String returned;

        Pending(String messageId) {
            this.messageId = messageId;
        }
    }

    /** One confirm-mode channel, its sequence numbers and the futures waiting on them. */
    private final class Lane {
        private final ReentrantLock lock = new ReentrantLock();
        private Open open;

        CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties,
                                        byte[] body, long deadline) {
            try {
                if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new BrokerUnavailableException("publisher channel busy past the confirm timeout", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerUnavailableException("interrupted while waiting to publish", e);
            }
            try {
                Open current = open();
                Pending pending = new Pending(properties.getMessageId());
                long sequence = current.channel.getNextPublishSeqNo();
                current.pending.put(sequence, pending);
                try {
                    current.channel.basicPublish(exchange, routingKey, true, properties, body);
                } catch (IOException | RuntimeException e) {
                    current.pending.remove(sequence);
                    throw new BrokerUnavailableException("publish failed: " + e.getClass().getSimpleName(), e);
                }
                return pending;
            } finally {
                lock.unlock();
            }
        }

        /** The lane's channel, opened again (on a new connection if need be) after a failure. */
        private Open open() {
            if (open != null && open.channel.isOpen()) {
                return open;
            }
            try {
                com.rabbitmq.client.Connection connection = connection();
                Channel channel = connection.createChannel();
                if (channel == null) {
                    throw new BrokerUnavailableException("broker refused a new channel (channel limit)", null);
                }
                try {
                    channel.confirmSelect();
                } catch (IOException | RuntimeException e) {
                    channel.abort();
                    throw e;
                }
                Open created = new Open(channel);
                channel.addConfirmListener((sequence, multiple) -> created.confirmed(sequence, multiple, null),
                        (sequence, multiple) -> created.confirmed(sequence, multiple, "nack"));
                channel.addReturnListener(created::returned);
                channel.addShutdownListener(created::closed);
                open = created;
                return created;
            } catch (AmqpException | IOException | ShutdownSignalException e) {
                throw new BrokerUnavailableException("broker unreachable: " + e.getClass().getSimpleName(), e);
            }
        }

        void close() {
            lock.lock();
            try {
                if (open != null && open.channel.isOpen()) {
                    open.channel.close();
                }
            } catch (IOException | TimeoutException | RuntimeException e) {
                // closing at shutdown: the connection goes with the connection factory anyway
            } finally {
                open = null;
                lock.unlock();
            }
        }
    }

    /** A channel and its unconfirmed messages; sequence numbers restart with every channel. */
    private static final class Open {
        final Channel channel;
        final ConcurrentNavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();

        Open(Channel channel) {
            this.channel = channel;
        }

        void confirmed(long sequence, boolean multiple, String nack) {
            if (multiple) {
                ConcurrentNavigableMap<Long, Pending> upTo = pending.headMap(sequence, true);
                for (Pending p : upTo.values()) {
                    complete(p, nack);
                }
                upTo.clear();
            } else {
                Pending p = pending.remove(sequence);
                if (p != null) {
                    complete(p, nack);
                }
            }
        }

        private static void complete(Pending p, String nack) {
            if (nack != null) {
                p.completeExceptionally(new BrokerUnavailableException("broker refused the message (nack)", null));
            } else if (p.returned != null) {
                p.completeExceptionally(new BrokerUnavailableException("broker could not route the message (return: "
                        + p.returned + ")", null));
            } else {
                p.complete(null);
            }
        }

        /** The broker sends a mandatory message's return before its ack, in publish order. */
        void returned(Return returned) {
            String id = returned.getProperties().getMessageId();
            for (Pending p : pending.values()) {
                if (p.returned == null && p.messageId.equals(id)) {
                    p.returned = returned.getReplyText();
                    return;
                }
            }
        }

        void closed(ShutdownSignalException cause) {
            BrokerUnavailableException failure = new BrokerUnavailableException("publisher channel closed before the "
                    + "confirm: " + (cause.isHardError() ? "connection" : "channel") + " shut down", null);
            for (Pending p : pending.values()) {
                p.completeExceptionally(failure);
            }
            pending.clear();
        }
    }
}
