package dev.ponte.local;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ponte.embedded.*}: local mode, an AMQP 0-9-1 broker (Apache Qpid Broker-J) and an SMTP server inside the
 * Ponte process, so that a machine with only Java runs Ponte with {@code ./mvnw spring-boot:run} (profile
 * {@code local}, see {@code application-local.yaml}). Each one starts only while Ponte is configured to use it:
 * {@code spring.rabbitmq.*} on this machine at {@code amqp-port}, {@code ponte.alerts.mail.*} on this machine at
 * {@code smtp-port}. Never on in production: {@code application.yaml} and docker compose leave it off.
 *
 * @param enabled   start the embedded broker and SMTP server, each while Ponte is configured to use it (on in the
 *                  {@code local} profile)
 * @param amqpPort  loopback port of the embedded broker; not 5672, so it never clashes with a RabbitMQ
 * @param brokerDir where the embedded broker keeps its store (queues and persistent messages survive a restart)
 * @param smtpPort  loopback port of the embedded SMTP server
 * @param mailDir   every mail the embedded SMTP server receives is written here as a {@code .eml} file
 */
@ConfigurationProperties("ponte.embedded")
public record EmbeddedProperties(@DefaultValue("false") boolean enabled,
                                 @DefaultValue("5673") int amqpPort,
                                 @DefaultValue("./data/broker") String brokerDir,
                                 @DefaultValue("2525") int smtpPort,
                                 @DefaultValue("./data/mail") String mailDir) {

    public EmbeddedProperties {
        if (amqpPort < 1 || amqpPort > 65535 || smtpPort < 1 || smtpPort > 65535) {
            throw new IllegalArgumentException("ponte.embedded.amqp-port and smtp-port must be ports (1-65535): "
                    + amqpPort + ", " + smtpPort);
        }
    }
}
