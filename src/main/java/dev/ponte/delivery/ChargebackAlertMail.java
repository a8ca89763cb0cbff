package dev.ponte.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.ponte.config.PonteProperties;
import dev.ponte.event.EventJson;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the chargeback alert e-mail of a disputed event from the user's Mustache templates
 * ({@code chargeback-alert.subject.mustache}, {@code .txt.mustache}, {@code .html.mustache} in
 * {@code ponte.alerts.chargeback.templates}) and sets the mail headers for camel-mail. Templates are read on every
 * alert, so an edit takes effect without a restart.
 */
public class ChargebackAlertMail {

    static final ZoneId BRASILIA = ZoneId.of("America/Sao_Paulo");
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");
    private static final Locale PT_BR = Locale.forLanguageTag("pt-BR");

    private final PonteProperties.Alerts alerts;

    public ChargebackAlertMail(PonteProperties.Alerts alerts) {
        this.alerts = alerts;
    }

    public void render(Exchange exchange) throws IOException {
        JsonNode event = EventJson.mapper().readTree(exchange.getIn().getBody(byte[].class));
        String type = event.path("type").asText("");
        if (!type.endsWith(".disputed")) {
            throw new NonRetryableDeliveryException("not a chargeback event: " + type);
        }
        if (alerts.chargeback().to().isEmpty()) {
            throw new NonRetryableDeliveryException("no recipient configured (ponte.alerts.chargeback.to)");
        }
        Map<String, Object> model = model(event);
        Path dir = Path.of(alerts.chargeback().templates());
        String subject = render(dir.resolve("chargeback-alert.subject.mustache"), model, false).strip();
        String text = render(dir.resolve("chargeback-alert.txt.mustache"), model, false);
        String html = render(dir.resolve("chargeback-alert.html.mustache"), model, true);

        var message = exchange.getIn();
        message.removeHeaders("*");
        message.setHeader("Subject", subject.replaceAll("[\\r\\n]+", " "));
        message.setHeader("From", alerts.mail().from());
        message.setHeader("To", String.join(",", alerts.chargeback().to()));
        message.setHeader("Content-Type", "text/html; charset=UTF-8");
        message.setHeader("CamelMailAlternativeBody", text);
        message.setBody(html);
    }

    Map<String, Object> model(JsonNode event) {
        JsonNode order = event.path("order");
        JsonNode customer = event.path("customer");
        Map<String, Object> model = new HashMap<>();
        model.put("event_id", event.path("id").asText());
        model.put("type", event.path("type").asText());
        model.put("provider", event.path("provider").asText());
        model.put("provider_event", text(event.path("provider_event")));
        model.put("test_mode", event.path("test_mode").asBoolean(false));
        model.put("order_id", text(order.path("id")));
        model.put("amount", order.path("amount_cents").isIntegralNumber()
                ? reais(order.path("amount_cents").longValue()) : null);
        model.put("payment_method", text(order.path("payment_method")));
        model.put("dispute_reason", text(order.path("dispute_reason")));
        model.put("customer_name", text(customer.path("name")));
        model.put("customer_email", maskEmail(text(customer.path("email"))));
        String when = text(event.path("occurred_at"));
        if (when == null) {
            when = text(event.path("received_at"));
        }
        model.put("occurred_at", when == null ? null : LOCAL_TIME.format(Instant.parse(when).atZone(BRASILIA)));
        model.put("order_link", orderLink(event.path("provider").asText(), text(order.path("id"))));
        model.replaceAll((key, value) -> value instanceof String text ? oneLine(text) : value);
        return model;
    }

    /**
     * A provider's value on one line: line breaks (CR, LF, NEL, the Unicode separators) collapse to one space and
     * other control characters become spaces, so a buyer's name cannot add lines to the plain-text alert, its
     * subject or a header.
     */
    static String oneLine(String value) {
        return value.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ").replaceAll("\\p{Cntrl}", " ");
    }

    /** {@code R$ 1.234,56}, with a plain space (the JDK's pt-BR format puts a no-break space after R$). */
    static String reais(long cents) {
        NumberFormat format = NumberFormat.getCurrencyInstance(PT_BR);
        return format.format(BigDecimal.valueOf(cents, 2)).replace('\u00a0', ' ');
    }

    /** {@code m***@exemplo.com.br}: enough for ops to recognise the buyer, not the whole address. */
    static String maskEmail(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    private String orderLink(String provider, String orderId) {
        String template = alerts.chargeback().orderLinks().get(provider);
        if (template == null || template.isBlank() || orderId == null) {
            return null;
        }
        return template.replace("{order_id}", java.net.URLEncoder.encode(orderId, StandardCharsets.UTF_8));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    private static String render(Path template, Map<String, Object> model, boolean html) throws IOException {
        String source;
        try {
            source = Files.readString(template, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NonRetryableDeliveryException("alert template missing: " + template);
        }
        DefaultMustacheFactory factory = html ? new DefaultMustacheFactory() : new PlainTextMustacheFactory();
        Mustache mustache = factory.compile(new StringReader(source), template.getFileName().toString());
        StringWriter out = new StringWriter();
        mustache.execute(out, model).flush();
        return out.toString();
    }

    /** Subject and plain-text body are not HTML: no entity escaping there. */
    private static final class PlainTextMustacheFactory extends DefaultMustacheFactory {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
