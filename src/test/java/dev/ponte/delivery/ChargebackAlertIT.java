package dev.ponte.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import dev.ponte.support.Fixtures;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient.Response;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.amqp.core.Message;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The chargeback alert route file, against a real SMTP server (GreenMail). */
class ChargebackAlertIT extends PonteIntegrationTest {

    record Mail(String subject, List<String> to, String text, String html) {
        boolean mentions(String s) {
            return subject.contains(s) || text.contains(s) || html.contains(s);
        }
    }

    private static Mail read(MimeMessage message) {
        try {
            String text = "";
            String html = "";
            Object content = message.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    if (part.isMimeType("text/plain")) {
                        text = part.getContent().toString();
                    } else if (part.isMimeType("text/html")) {
                        html = part.getContent().toString();
                    }
                }
            } else {
                html = content.toString();
            }
            return new Mail(message.getSubject(), List.of(message.getHeader("To")), text, html);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<Mail> mailsMentioning(String marker) {
        return MAIL.received().stream().map(ChargebackAlertIT::read).filter(m -> m.mentions(marker)).toList();
    }

    /** The pt-BR amount, written here independently of the code under test. */
    private static String reais(long cents) {
        String units = String.format("%,d", cents / 100).replace(',', '.');
        return "R$ " + units + "," + String.format("%02d", cents % 100);
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"cakto, chargeback.json", "arkama, ORDER_CHARGEBACK.json", "abacatepay, checkout.disputed.json",
            "wiapy, chargedback.json"})
    void eachDisputedFixtureSendsOneAlertWithAmountOrderAndReason(String provider, String fixture) throws IOException {
        String orderId = "cb-" + UUID.randomUUID();
        FixtureVariants.Variant variant = FixtureVariants.withOrderId(provider, fixture, orderId);
        Response response = webhooks().post(variant.path(), variant.body(), variant.headers());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo("accepted");
        String eventId = response.json().path("id").asText();
        JsonNode golden = EventJson.mapper().readTree(
                Path.of("src/test/resources/golden", provider, fixture).toFile());
        JsonNode order = golden.path("order");

        await().atMost(Duration.ofSeconds(15)).until(() -> !mailsMentioning(eventId).isEmpty());
        List<Mail> mails = mailsMentioning(eventId);
        assertThat(mails).hasSize(1);
        Mail mail = mails.get(0);
        String amount = reais(order.path("amount_cents").longValue());
        assertThat(mail.to()).containsExactly(ALERT_RECIPIENT);
        assertThat(mail.subject()).contains(orderId).contains(amount).contains(provider);
        for (String body : List.of(mail.text(), mail.html())) {
            assertThat(body).contains(amount).contains(orderId);
            if (!order.path("dispute_reason").isNull()) {
                assertThat(body).contains(order.path("dispute_reason").asText());
            }
            String email = golden.path("customer").path("email").asText(null);
            if (email != null) {
                assertThat(body).doesNotContain(email)
                        .contains(email.charAt(0) + "***" + email.substring(email.indexOf('@')));
            }
            String local = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss")
                    .format(Instant.parse(golden.path("occurred_at").asText()).atZone(ZoneId.of("America/Sao_Paulo")));
            assertThat(body).contains(local);
        }
    }

    /** A provider's values with line breaks stay on their line: no added line in the text, no added header. */
    @Test
    void lineBreaksInProviderValuesAddNoLineAndNoHeader() throws Exception {
        String marker = UUID.randomUUID().toString();
        ObjectNode body = FixtureVariants.cakto("chargeback.json", "cb-" + marker + "\r\nBcc: attacker@evil.test");
        ObjectNode data = (ObjectNode) body.get("data");
        ((ObjectNode) data.get("customer")).put("name", "Maria\r\nBcc: attacker@evil.test\r\n\r\nCliente: forjado");
        data.put("reason", "motivo\nValor: R$ 0,01\u2028fim");
        assertThat(webhooks().post("/webhooks/cakto", body.toString().getBytes()).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> !mailsMentioning(marker).isEmpty());
        List<MimeMessage> received = MAIL.received().stream()
                .filter(m -> read(m).mentions(marker)).toList();
        assertThat(received).hasSize(1);
        MimeMessage message = received.get(0);
        assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly(ALERT_RECIPIENT);
        assertThat(message.getHeader("Bcc")).isNull();
        Mail mail = read(message);
        assertThat(mail.subject()).doesNotContain("\r").doesNotContain("\n")
                .contains("cb-" + marker + " Bcc: attacker@evil.test");
        List<String> lines = mail.text().lines().toList();
        assertThat(lines).filteredOn(line -> line.startsWith("Cliente:"))
                .containsExactly("Cliente:     Maria Bcc: attacker@evil.test Cliente: forjado <m***@exemplo.com.br>");
        assertThat(lines).filteredOn(line -> line.startsWith("Motivo:"))
                .containsExactly("Motivo:      motivo Valor: R$ 0,01 fim");
        assertThat(lines).noneMatch(line -> line.startsWith("Bcc:") || line.startsWith("Valor: R$ 0,01"));
    }

    @Test
    void amountsAreFormattedPtBr() {
        assertThat(ChargebackAlertMail.reais(123456)).isEqualTo("R$ 1.234,56");
        assertThat(ChargebackAlertMail.reais(5)).isEqualTo("R$ 0,05");
        assertThat(ChargebackAlertMail.reais(100000000)).isEqualTo("R$ 1.000.000,00");
        assertThat(reais(123456)).isEqualTo("R$ 1.234,56");
    }

    @Test
    void paidEventSendsNoMail() throws IOException {
        String paidOrder = UUID.randomUUID().toString();
        ObjectNode paid = FixtureVariants.cakto("purchase_approved.json", paidOrder);
        assertThat(webhooks().post("/webhooks/cakto", paid.toString().getBytes()).status()).isEqualTo(200);
        // a chargeback posted after it is the sentinel: once its mail is here, the paid one had its chance
        String disputedOrder = UUID.randomUUID().toString();
        assertThat(webhooks().post("/webhooks/cakto", FixtureVariants.cakto("chargeback.json", disputedOrder).toString().getBytes())
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> !mailsMentioning(disputedOrder).isEmpty());
        assertThat(mailsMentioning(paidOrder)).isEmpty();
    }

    @Test
    void smtpDownIsRetriedThenDeadLetteredAndReplayDeliversIt() throws Exception {
        String dlq = TestBroker.QUEUE_PREFIX + "chargeback-alert.dlq";
        TestBroker.purge(dlq);
        String orderId = UUID.randomUUID().toString();
        MAIL.down();
        Message dead;
        try {
            Response response = webhooks().post("/webhooks/cakto", FixtureVariants.cakto("chargeback.json", orderId).toString().getBytes());
            assertThat(response.status()).isEqualTo(200);
            dead = TestBroker.receive(dlq, 20_000);
        } finally {
            MAIL.up();
        }
        assertThat(dead).as("dead letter").isNotNull();
        assertThat(new String(dead.getBody())).contains(orderId);
        assertThat(dead.getMessageProperties().getHeaders())
                .containsEntry("x-ponte-attempts", 3)
                .containsEntry("x-ponte-route", "chargeback-alert")
                .containsEntry("x-ponte-routing-key", "order.disputed")
                .containsKey("x-ponte-failed-at")
                .containsKey("cloudEvents_id");
        assertThat(dead.getMessageProperties().getHeaders().get("x-ponte-failure-reason").toString())
                .containsIgnoringCase("connect");
        assertThat(mailsMentioning(orderId)).isEmpty();

        // put it back in the DLQ (receive took it out) and replay it through the admin endpoint
        TestBroker.template().send("", dlq, dead);
        Response replay = management().send(HttpRequest.newBuilder(
                        management().uri("/admin/destinations/chargeback-alert/replay"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("moved").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> !mailsMentioning(orderId).isEmpty());
        assertThat(TestBroker.messageCount(dlq)).isZero();
    }

}
