package dev.ponte.delivery;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Moves the messages of a dead-letter queue back into its queue, one at a time: publish with a confirm, then
 * acknowledge the dead letter. A crash in between leaves a copy in both queues, never none (consumers dedupe by
 * {@code message_id}). Only the messages present when the replay starts are moved, so a delivery that fails again
 * at once cannot loop. A replayed event gets all its tries again ({@code x-ponte-attempts} is removed).
 */
public class DeadLetterReplay {

    static final String HEADER_REPLAYS = "x-ponte-replays";

    private final AbstractConnectionFactory connectionFactory;
    private final Duration confirmTimeout;

    public DeadLetterReplay(AbstractConnectionFactory connectionFactory, Duration confirmTimeout) {
        this.connectionFactory = connectionFactory;
        this.confirmTimeout = confirmTimeout;
    }

    /** @return the message ids of the messages moved from {@code dlq} into {@code queue}, in order */
    public List<String> replayAll(String queue, String dlq) throws IOException, TimeoutException, InterruptedException {
        return move(queue, dlq, null);
    }

    /**
     * Moves the one dead letter of {@code dlq} whose message id is {@code messageId} (the first, should there be
     * several) back into {@code queue}. Every other message present is taken and published again at the end of the dead-letter queue,
     * confirmed before it is acknowledged, so the queue keeps its order and nothing is lost whatever the queue type
     * (no requeue, which a quorum queue counts towards its delivery limit).
     *
     * @return whether it was there
     */
    public boolean replayOne(String queue, String dlq, String messageId)
            throws IOException, TimeoutException, InterruptedException {
        return !move(queue, dlq, messageId).isEmpty();
    }

    private List<String> move(String queue, String dlq, String only)
            throws IOException, TimeoutException, InterruptedException {
        // a plain client connection with its own confirm channel, apart from the app's cached channels
        try (Connection connection = connectionFactory.getRabbitConnectionFactory().newConnection("ponte-replay");
             Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            long waiting = channel.queueDeclarePassive(dlq).getMessageCount();
            channel.queueDeclarePassive(queue);
            List<String> moved = new ArrayList<>();
            for (long i = 0; i < waiting; i++) {
                GetResponse dead = channel.basicGet(dlq, false);
                if (dead == null) {
                    break;
                }
                AMQP.BasicProperties props = dead.getProps();
                boolean chosen = only == null || (moved.isEmpty() && only.equals(props.getMessageId()));
                if (!chosen) {
                    channel.basicPublish("", dlq, true, props, dead.getBody());
                } else {
                    Map<String, Object> headers = new HashMap<>(props.getHeaders() == null ? Map.of() : props.getHeaders());
                    Object replays = headers.get(HEADER_REPLAYS);
                    headers.put(HEADER_REPLAYS, replays instanceof Number n ? n.intValue() + 1 : 1);
                    // a replayed event starts its tries afresh; the reason of its last failure stays for reference
                    headers.remove(DeadLetters.HEADER_ATTEMPTS);
                    headers.remove(DeliveryFailures.HEADER_FIRST_FAILURE_AT);
                    headers.remove(DeliveryFailures.HEADER_RETRY_AT);
                    AMQP.BasicProperties replayed = props.builder().headers(headers).deliveryMode(2).build();
                    channel.basicPublish("", queue, true, replayed, dead.getBody());
                }
                channel.waitForConfirmsOrDie(confirmTimeout.toMillis());
                channel.basicAck(dead.getEnvelope().getDeliveryTag(), false);
                if (chosen) {
                    moved.add(props.getMessageId());
                }
            }
            return moved;
        }
    }
}
