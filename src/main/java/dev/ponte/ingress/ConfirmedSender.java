package dev.ponte.ingress;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a persistent message and waits for the broker's publisher confirm. Correlated confirms on the cached
 * channels let concurrent senders share channels and have their confirms pipelined: each caller waits only for
 * its own. The message is mandatory, so one the broker could not route anywhere comes back as a return and
 * counts as not stored.
 */
public class ConfirmedSender {

    private final RabbitTemplate template;
    private final Duration confirmTimeout;

    public ConfirmedSender(RabbitTemplate template, Duration confirmTimeout) {
        this.template = template;
        this.confirmTimeout = confirmTimeout;
        template.setMandatory(true);
    }

    /** @throws BrokerUnavailableException unless the broker confirmed the message as routed and stored */
    public void send(String exchange, String routingKey, Message message, String correlationId) {
        CorrelationData correlation = new CorrelationData(correlationId);
        try {
            template.send(exchange, routingKey, message, correlation);
        } catch (AmqpException e) {
            throw new BrokerUnavailableException("broker unreachable: " + e.getClass().getSimpleName(), e);
        }
        CorrelationData.Confirm confirm;
        try {
            confirm = correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("no publisher confirm within " + confirmTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for the confirm", e);
        } catch (ExecutionException e) {
            throw new BrokerUnavailableException("confirm failed", e.getCause());
        }
        if (!confirm.isAck()) {
            throw new BrokerUnavailableException("broker refused the message (nack: " + confirm.getReason() + ")", null);
        }
        if (correlation.getReturned() != null) {
            throw new BrokerUnavailableException("broker could not route the message (return: "
                    + correlation.getReturned().getReplyText() + ")", null);
        }
    }

    /** One message of a batch. */
    public record Outgoing(String exchange, String routingKey, Message message, String correlationId) {
    }

    /**
     * Sends a batch on the cached channels and then awaits every confirm together, so a batch costs about one
     * round trip instead of one per message.
     *
     * @return the indexes of the messages the broker confirmed as routed and stored, in order
     */
    public List<Integer> sendAll(List<Outgoing> batch) {
        List<CorrelationData> correlations = new ArrayList<>(batch.size());
        for (Outgoing outgoing : batch) {
            CorrelationData correlation = new CorrelationData(outgoing.correlationId());
            try {
                template.send(outgoing.exchange(), outgoing.routingKey(), outgoing.message(), correlation);
            } catch (AmqpException e) {
                break;
            }
            correlations.add(correlation);
        }
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        List<Integer> confirmed = new ArrayList<>();
        for (int i = 0; i < correlations.size(); i++) {
            CorrelationData correlation = correlations.get(i);
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                CorrelationData.Confirm confirm = correlation.getFuture().get(left, TimeUnit.NANOSECONDS);
                if (confirm.isAck() && correlation.getReturned() == null) {
                    confirmed.add(i);
                }
            } catch (TimeoutException | ExecutionException e) {
                // not confirmed: stays where it is and is tried again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return confirmed;
    }
}
