package dev.ponte.publish;

import dev.ponte.config.PonteProperties;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/**
 * What the ingress needs on the broker, declared by Spring's RabbitAdmin whenever a connection opens (so Ponte
 * starts while RabbitMQ is down and declares once it is reachable):
 * <ul>
 *   <li>the durable topic exchange {@code ponte.events};</li>
 *   <li>its alternate exchange {@code ponte.unrouted} (fanout) with a durable queue of the same name: an
 *       event no destination is bound to is kept there instead of being dropped by the broker;</li>
 *   <li>the durable queue {@code ponte.parked} bound to {@code unmapped.#}.</li>
 * </ul>
 */
public final class RabbitTopology {

    private RabbitTopology() {
    }

    public static Declarables declarables(PonteProperties.Publish publish) {
        FanoutExchange unrouted = ExchangeBuilder.fanoutExchange(publish.unroutedQueue()).durable(true).build();
        TopicExchange events = ExchangeBuilder.topicExchange(publish.exchange()).durable(true)
                .alternate(publish.unroutedQueue()).build();
        Queue unroutedQueue = QueueBuilder.durable(publish.unroutedQueue()).build();
        Queue parked = QueueBuilder.durable(publish.parkedQueue()).build();
        Binding unroutedBinding = BindingBuilder.bind(unroutedQueue).to(unrouted);
        Binding parkedBinding = BindingBuilder.bind(parked).to(events).with("unmapped.#");
        return new Declarables(unrouted, events, unroutedQueue, parked, unroutedBinding, parkedBinding);
    }
}
