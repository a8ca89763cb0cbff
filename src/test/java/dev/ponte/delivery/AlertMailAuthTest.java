package dev.ponte.delivery;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.ponte.config.PonteProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SMTP credentials never cross the network in clear unless the operator says so: a username without STARTTLS stops
 * start-up; with {@code allow-plain-auth} Ponte authenticates on a plain connection; with STARTTLS required, a server
 * that cannot give TLS gets no mail and no password. Against a real SMTP server (GreenMail) that checks the login.
 */
class AlertMailAuthTest {

    private static final String PASSWORD = "smtp-password-7d1f";

    private GreenMail smtp;
    private int port;
    private CamelContext camel;

    @BeforeEach
    void startSmtp() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("ponte@ponte.test", "ponte", PASSWORD));
        smtp.start();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        smtp.stop();
    }

    private static PonteProperties bind(Map<String, String> mail) {
        Map<String, String> all = new HashMap<>();
        mail.forEach((key, value) -> all.put("ponte.alerts.mail." + key, value));
        return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("ponte", PonteProperties.class);
    }

    private Exchange send(PonteProperties properties) {
        camel = new DefaultCamelContext();
        MailComponent component = new MailComponent(camel);
        new DeliveryConfiguration().alertMailSettings(properties).configure("smtp", component);
        camel.addComponent("smtp", component);
        camel.start();
        return camel.createProducerTemplate().request("smtp://127.0.0.1:" + port, exchange -> {
            exchange.getIn().setHeader("Subject", "Chargeback");
            exchange.getIn().setHeader("From", "ponte@ponte.test");
            exchange.getIn().setHeader("To", "ops@ponte.test");
            exchange.getIn().setBody("body");
        });
    }

    @Test
    void aUsernameWithoutStarttlsStopsStartUp() {
        assertThatThrownBy(() -> bind(Map.of("username", "ponte", "password", PASSWORD)))
                .satisfies(e -> {
                    String text = causes(e);
                    assertThat(text).contains("ponte.alerts.mail.starttls")
                            .contains("ponte.alerts.mail.allow-plain-auth").doesNotContain(PASSWORD);
                });
    }

    @Test
    void allowPlainAuthAuthenticatesOnAPlainConnection() {
        Exchange sent = send(bind(Map.of("username", "ponte", "password", PASSWORD, "allow-plain-auth", "true")));
        assertThat(sent.getException()).isNull();
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        // the server did check the login: a wrong password is refused
        camel.stop();
        Exchange refused = send(bind(Map.of("username", "ponte", "password", "wrong", "allow-plain-auth", "true")));
        assertThat(refused.getException()).isNotNull();
        assertThat(causes(refused.getException())).containsIgnoringCase("authentication");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void withStarttlsAServerWithoutTlsGetsNeitherMailNorPassword() {
        Exchange sent = send(bind(Map.of("username", "ponte", "password", PASSWORD, "starttls", "true")));
        assertThat(sent.getException()).isNotNull();
        assertThat(causes(sent.getException())).containsIgnoringCase("STARTTLS");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void withoutCredentialsNothingChanges() {
        Exchange sent = send(bind(Map.of()));
        assertThat(sent.getException()).isNull();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
