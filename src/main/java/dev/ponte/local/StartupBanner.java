package dev.ponte.local;

import dev.ponte.config.PonteProperties;
import dev.ponte.provider.Authenticator;
import dev.ponte.provider.ProviderRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.amqp.RabbitProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;

import java.util.List;
import java.util.Locale;

/**
 * What a person starting Ponte needs to see once it is ready: which broker and which SMTP server it uses, where the
 * alert mails go, and the webhook URL of each provider (with how to set a provider's secret while it has none).
 * Never a secret: AbacatePay's URL shows where its secret goes, not the secret.
 */
public class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final RabbitProperties rabbit;
    private final PonteProperties properties;
    private final ProviderRegistry providers;
    private final EmbeddedBroker broker;
    private final EmbeddedMailServer mail;

    public StartupBanner(RabbitProperties rabbit, PonteProperties properties, ProviderRegistry providers,
                         EmbeddedBroker broker, EmbeddedMailServer mail) {
        this.rabbit = rabbit;
        this.properties = properties;
        this.providers = providers;
        this.broker = broker;
        this.mail = mail;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                && web.getWebServer() != null ? web.getWebServer().getPort() : -1;
        // set by Spring Boot once the management server listens (the child context passes it to this one)
        int managementPort = event.getApplicationContext().getEnvironment()
                .getProperty("local.management.port", Integer.class, -1);
        log.info(text(port, managementPort));
    }

    String text(int port, int managementPort) {
        String base = "http://localhost:" + port;
        StringBuilder out = new StringBuilder("Ponte is ready on ").append(base)
                .append(broker != null || mail != null ? " (local mode)" : "").append('\n');
        line(out, "manage", managementPort > 0
                ? "http://localhost:" + managementPort + "/actuator/health (metrics: /actuator/prometheus; admin "
                + "endpoints need ponte.admin.token)"
                : "management server off (management.server.port)");
        if (broker != null) {
            line(out, "broker", "embedded Apache Qpid Broker-J, amqp://127.0.0.1:" + broker.port() + " (user "
                    + rabbit.determineUsername() + "), store " + broker.dir());
        } else {
            line(out, "broker", "amqp://" + rabbit.determineHost() + ":" + rabbit.determinePort() + " (user "
                    + rabbit.determineUsername() + ")");
        }
        PonteProperties.Mail smtp = properties.alerts().mail();
        if (mail != null) {
            line(out, "mail", "embedded SMTP 127.0.0.1:" + mail.port() + ", every mail written to "
                    + mail.mailDir() + " as a .eml file");
        } else {
            line(out, "mail", "SMTP " + smtp.host() + ":" + smtp.port());
        }
        String token = properties.admin().token();
        if (managementPort > 0 && port != managementPort) {
            line(out, "console", "http://localhost:" + managementPort + "/admin/" + (token == null || token.isBlank()
                    ? "   (off until an admin token is set: PONTE_ADMIN_TOKEN)" : "   (sign in with ponte.admin.token)"));
        } else {
            line(out, "console", "off: it needs the management server on a port of its own (management.server.port)");
        }
        List<String> to = properties.alerts().chargeback().to();
        line(out, "alerts", to.isEmpty()
                ? "no recipient (ponte.alerts.chargeback.to): chargeback alerts wait in their dead-letter queue"
                : "chargeback alerts to " + String.join(", ", to));
        String label = "webhooks";
        for (String name : providers.names()) {
            Authenticator authenticator = providers.find(name).orElseThrow().authenticator();
            String parameter = authenticator.secretQueryParameter();
            String url = base + "/webhooks/" + name + (parameter == null ? "" : "?" + parameter + "=<secret>");
            boolean configured = authenticator.isConfigured();
            line(out, label, String.format("%-11s %s%s", name, url, configured ? ""
                    : "   (no secret yet: set PONTE_PROVIDERS_" + name.toUpperCase(Locale.ROOT) + "_SECRETS)"));
            label = "";
        }
        return out.toString().stripTrailing();
    }

    private static void line(StringBuilder out, String label, String text) {
        out.append(String.format("  %-9s %s%n", label, text));
    }
}
