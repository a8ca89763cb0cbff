package dev.ponte.publish;

import dev.ponte.config.PeriodicTask;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * While RabbitMQ cannot be reached, one WARN per {@code interval} (a minute) that says what webhooks get meanwhile:
 * 202 {@code spooled} and how many wait in the spool, or 503 when the spool is off, full or failing; one INFO when
 * the broker is back. The stack traces the AMQP client's users log on every connection attempt (destination
 * consumers every 5 s, the health check on every poll) say nothing more and are dropped
 * ({@link ConnectionFailureFilter}); any other failure of theirs is still logged.
 */
public class BrokerOutageReporter extends PeriodicTask implements ConnectionListener {

    private static final Logger log = LoggerFactory.getLogger(BrokerOutageReporter.class);

    private final RabbitTemplate template;
    private final ConnectionFactory connectionFactory;
    private final EventSpool spool;
    private final String spoolDir;
    private volatile Instant downSince;

    /** @param spool null when the spool is disabled */
    public BrokerOutageReporter(RabbitTemplate template, EventSpool spool, String spoolDir, Duration interval) {
        super("ponte-broker-watch", Duration.ZERO, interval);
        this.template = template;
        this.connectionFactory = template.getConnectionFactory();
        this.spool = spool;
        this.spoolDir = spoolDir;
    }

    @Override
    public void start() {
        ConnectionFailureFilter.install();
        connectionFactory.addConnectionListener(this);
        super.start();
    }

    @Override
    protected void runOnce() {
        check();
    }

    /** Tries the broker once; logs the WARN of an outage, or the INFO of its end. */
    void check() {
        String failure = null;
        try {
            if (!Boolean.TRUE.equals(template.execute(channel -> channel.isOpen()))) {
                failure = "no open channel";
            }
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            failure = root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : "");
        }
        if (failure == null) {
            back();
            return;
        }
        if (downSince == null) {
            downSince = Instant.now();
        }
        log.warn("RabbitMQ at {} unreachable since {} ({}); {}", address(), downSince, failure, meanwhile());
    }

    /** What a webhook gets while the broker is unreachable. */
    String meanwhile() {
        if (spool == null) {
            return "webhooks are answered 503 with Retry-After until it is back (ponte.spool.enabled=false)";
        }
        if (spool.accepting()) {
            return "webhooks are answered 202 spooled, kept on disk in " + spoolDir + " (" + spool.depth()
                    + " waiting) and published in order once it is back";
        }
        return "webhooks are answered 503 with Retry-After: the spool in " + spoolDir + " is full or failing ("
                + spool.depth() + " waiting)";
    }

    private String address() {
        return connectionFactory.getHost() + ":" + connectionFactory.getPort();
    }

    private void back() {
        Instant since = downSince;
        if (since != null) {
            downSince = null;
            log.info("RabbitMQ at {} reachable again after {} s", address(),
                    Duration.between(since, Instant.now()).toSeconds());
        }
    }

    /** A new connection: the broker is reachable. */
    @Override
    public void onCreate(Connection connection) {
        back();
    }

    /**
     * Drops the log events of the AMQP client and its users (Spring AMQP, Camel's spring-rabbitmq consumers, the
     * rabbit health indicator) whose cause is a failed connection or a connection's I/O failure (a broker that
     * accepts the TCP connection and closes it, one that went away): {@link BrokerOutageReporter} reports the
     * outage.
     */
    static final class ConnectionFailureFilter extends TurboFilter {

        private static final String CLIENT = "com.rabbitmq.client.";
        private static final String[] LOGGERS = {CLIENT, "org.springframework.amqp.",
                "org.apache.camel.component.springrabbit.", "org.springframework.boot.actuate.amqp."};
        private static final Set<String> CONNECTION_FAILURES = Set.of(
                "org.springframework.amqp.AmqpConnectException", "java.net.ConnectException",
                "java.net.UnknownHostException", "java.net.NoRouteToHostException",
                "org.springframework.amqp.AmqpAuthenticationException");

        static void install() {
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                    && context.getTurboFilterList().stream().noneMatch(ConnectionFailureFilter.class::isInstance)) {
                ConnectionFailureFilter filter = new ConnectionFailureFilter();
                filter.start();
                context.addTurboFilter(filter);
            }
        }

        @Override
        public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format,
                                  Object[] params, Throwable t) {
            if (t == null || !level.isGreaterOrEqual(Level.WARN) || !fromAmqpUser(logger.getName())) {
                return FilterReply.NEUTRAL;
            }
            boolean client = logger.getName().startsWith(CLIENT);
            for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (CONNECTION_FAILURES.contains(cause.getClass().getName())
                        || client && cause instanceof java.io.IOException) {
                    return FilterReply.DENY;
                }
            }
            return FilterReply.NEUTRAL;
        }

        private static boolean fromAmqpUser(String name) {
            for (String prefix : LOGGERS) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
