package dev.ponte.delivery;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

import java.util.Locale;

/**
 * Which broker Ponte is connected to (RabbitMQ, or local mode's embedded Qpid), from the server properties of its
 * connection; asked once it is reachable.
 */
public class BrokerProduct {

    private final ConnectionFactory connectionFactory;
    private volatile Boolean qpid;

    public BrokerProduct(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** Whether the broker is Qpid; false while it cannot be reached (then asked again next time). */
    public boolean isQpid() {
        Boolean known = qpid;
        if (known == null) {
            try (var connection = connectionFactory.createConnection()) {
                Object product = connection.getDelegate().getServerProperties().get("product");
                known = product != null && product.toString().toLowerCase(Locale.ROOT).contains("qpid");
                qpid = known;
            } catch (AmqpException e) {
                return false;
            }
        }
        return known;
    }
}
