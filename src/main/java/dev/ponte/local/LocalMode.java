package dev.ponte.local;

import dev.ponte.config.PonteProperties;
import org.springframework.boot.autoconfigure.amqp.RabbitProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Locale;

/**
 * When the embedded servers run: local mode is on ({@code ponte.embedded.enabled}) and Ponte is configured to use
 * them, that is no external broker or SMTP server is configured. Read from the environment, before any bean exists.
 */
final class LocalMode {

    private LocalMode() {
    }

    static EmbeddedProperties embedded(Environment environment) {
        return Binder.get(environment).bindOrCreate("ponte.embedded", EmbeddedProperties.class);
    }

    /** {@code spring.rabbitmq.*} points at {@code ponte.embedded.amqp-port} on this machine. */
    static boolean usesEmbeddedBroker(Environment environment) {
        EmbeddedProperties embedded = embedded(environment);
        RabbitProperties rabbit = Binder.get(environment).bindOrCreate("spring.rabbitmq", RabbitProperties.class);
        return embedded.enabled() && rabbit.determinePort() == embedded.amqpPort()
                && isThisMachine(rabbit.determineHost());
    }

    /** {@code ponte.alerts.mail.*} points at {@code ponte.embedded.smtp-port} on this machine. */
    static boolean usesEmbeddedSmtp(Environment environment) {
        EmbeddedProperties embedded = embedded(environment);
        PonteProperties.Mail mail = Binder.get(environment)
                .bindOrCreate("ponte.alerts.mail", PonteProperties.Mail.class);
        return embedded.enabled() && mail.port() == embedded.smtpPort() && isThisMachine(mail.host());
    }

    static boolean isThisMachine(String host) {
        String name = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.startsWith("127.") || name.equals("::1") || name.equals("[::1]");
    }

    static final class EmbeddedBrokerInUse implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return usesEmbeddedBroker(context.getEnvironment());
        }
    }

    static final class EmbeddedSmtpInUse implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return usesEmbeddedSmtp(context.getEnvironment());
        }
    }
}
