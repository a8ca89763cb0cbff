package dev.ponte.provider.wiapy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.DocumentType;
import dev.ponte.event.EventJson;
import dev.ponte.event.EventTypes;
import dev.ponte.event.Item;
import dev.ponte.event.NormalizationException;
import dev.ponte.event.OrderStatus;
import dev.ponte.event.PaymentMethod;
import dev.ponte.event.UnifiedEvent;
import dev.ponte.ingress.EventAssembler;
import dev.ponte.provider.Normalization;
import dev.ponte.provider.ProviderSettings;
import dev.ponte.support.EventSchema;
import dev.ponte.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WiapyNormalizerTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final WiapyProvider provider = new WiapyProvider(new ProviderSettings(List.of("t"), null, null));
    private final WiapyNormalizer normalizer = (WiapyNormalizer) provider.normalizer();

    private static ObjectNode parse(byte[] bytes) {
        try {
            return (ObjectNode) EventJson.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode fixture(String name) {
        return parse(Fixtures.bytes(WiapyProvider.NAME, name));
    }

    private static ObjectNode paid(Consumer<ObjectNode> change) {
        ObjectNode body = fixture("paid.json");
        change.accept(body);
        return body;
    }

    private static ObjectNode payment(ObjectNode body) {
        return (ObjectNode) body.get("payment");
    }

    private static byte[] bytes(JsonNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String eventId(byte[] body) {
        ObjectNode json = parse(body);
        return EventAssembler.assemble(provider, normalizer.normalize(json), json, body, Instant.now()).id();
    }

    // --- mapping of payment.status x payment.type x payment.payment_method -------------------------------------

    @ParameterizedTest
    @CsvSource({
            "payment,      paid,                 pix,         order.paid,                               paid",
            "payment,      unpaid,               pix,         order.waiting_payment.pix,                waiting_payment",
            "payment,      unpaid,               boleto,      order.waiting_payment.boleto,             waiting_payment",
            "payment,      unpaid,               credit_card, order.waiting_payment.credit_card,        waiting_payment",
            "payment,      credit_card_declined, credit_card, order.failed,                             failed",
            "payment,      refunded,             boleto,      order.refunded,                           refunded",
            "payment,      chargedback,          credit_card, order.disputed,                           disputed",
            "subscription, paid,                 credit_card, subscription.transaction.paid,            paid",
            "subscription, unpaid,               pix,         subscription.transaction.waiting_payment, waiting_payment",
            "subscription, unpaid,               boleto,      subscription.transaction.waiting_payment, waiting_payment",
            "subscription, credit_card_declined, credit_card, subscription.transaction.failed,          failed",
            "subscription, refunded,             credit_card, subscription.transaction.refunded,        refunded",
            "subscription, chargedback,          credit_card, subscription.transaction.disputed,        disputed",
    })
    void mapsEveryDocumentedStatus(String paymentType, String status, String method, String type, String orderStatus) {
        ObjectNode body = paid(b -> payment(b).put("type", paymentType).put("status", status)
                .put("payment_method", method));
        Normalization n = normalizer.normalize(body);
        assertThat(n.type()).isEqualTo(type);
        assertThat(EventTypes.ALL).contains(n.type());
        assertThat(n.providerEvent()).isEqualTo(paymentType + "." + status);
        assertThat(n.order().status().wire()).isEqualTo(orderStatus);
        assertThat(n.order().paymentMethod().wire()).isEqualTo(method);
        EventSchema.assertValid(EventJson.mapper().valueToTree(
                EventAssembler.assemble(provider, n, body, bytes(body), Instant.now())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"expired", "canceled", "PAID", "waiting_payment", "chargeback"})
    void unknownStatusIsUnmappedWithAReason(String status) {
        Normalization n = normalizer.normalize(paid(b -> payment(b).put("status", status)));
        assertThat(n.mapped()).isFalse();
        assertThat(n.type()).isNull();
        assertThat(n.providerEvent()).isEqualTo("payment." + status);
        assertThat(n.parkReason()).isEqualTo("payment.status is not a status Wiapy documents");
    }

    @Test
    void unknownPaymentTypeIsUnmapped() {
        Normalization n = normalizer.normalize(paid(b -> payment(b).put("type", "installment_plan")));
        assertThat(n.type()).isNull();
        assertThat(n.providerEvent()).isEqualTo("installment_plan.paid");
        assertThat(n.parkReason()).isEqualTo("payment.type is neither payment nor subscription");
    }

    @Test
    void missingPaymentTypeIsUnmapped() {
        Normalization n = normalizer.normalize(paid(b -> payment(b).remove("type")));
        assertThat(n.type()).isNull();
        assertThat(n.providerEvent()).isEqualTo("paid");
        assertThat(n.parkReason()).contains("payment.type");
    }

    @Test
    void missingStatusIsUnmapped() {
        Normalization n = normalizer.normalize(paid(b -> payment(b).putNull("status")));
        assertThat(n.type()).isNull();
        assertThat(n.providerEvent()).isEqualTo("payment");
        assertThat(n.parkReason()).isEqualTo("payment.status is missing");
    }

    @Test
    void bodyWithoutPaymentIsUnmapped() {
        Normalization n = normalizer.normalize((ObjectNode) EventJson.mapper().createObjectNode().put("hello", 1));
        assertThat(n.type()).isNull();
        assertThat(n.providerEvent()).isNull();
        assertThat(n.parkReason()).isEqualTo("no payment object");
        assertThat(normalizer.normalize(paid(b -> b.set("payment", NODES.objectNode()))).parkReason())
                .isEqualTo("no payment object");
    }

    @Test
    void unpaidOrderWithAnUnknownMethodIsUnmapped() {
        Normalization n = normalizer.normalize(paid(b -> payment(b).put("status", "unpaid")
                .put("payment_method", "picpay")));
        assertThat(n.type()).isNull();
        assertThat(n.providerEvent()).isEqualTo("payment.unpaid");
        assertThat(n.parkReason()).isEqualTo("unpaid order without a pix, boleto or credit_card method");
    }

    @Test
    void paidOrderWithAnUnknownMethodKeepsItAsOther() {
        Normalization n = normalizer.normalize(paid(b -> payment(b).put("payment_method", "picpay")));
        assertThat(n.type()).isEqualTo(EventTypes.ORDER_PAID);
        assertThat(n.order().paymentMethod()).isEqualTo(PaymentMethod.OTHER);
        assertThat(n.order().pix()).isNull();
        assertThat(n.order().boleto()).isNull();
    }

    // --- payment details ------------------------------------------------------------------------------------

    @Test
    void boletoCodeAndUrlBecomeTheBoleto() {
        Normalization n = normalizer.normalize(paid(b -> payment(b).put("status", "unpaid")
                .put("payment_method", "boleto")
                .set("pix_boleto", NODES.objectNode().put("code", "23793381286000012345678901234567890123456789")
                        .put("url", "https://wiapy.com/boleto/1"))));
        assertThat(n.type()).isEqualTo(EventTypes.ORDER_WAITING_PAYMENT_BOLETO);
        assertThat(n.order().boleto().barcode()).isEqualTo("23793381286000012345678901234567890123456789");
        assertThat(n.order().boleto().url()).isEqualTo("https://wiapy.com/boleto/1");
        assertThat(n.order().boleto().expiresAt()).isNull();
        assertThat(n.order().pix()).isNull();
    }

    @Test
    void timesOfTheStateChange() {
        Normalization paid = normalizer.normalize(fixture("paid.json"));
        assertThat(paid.occurredAt()).isEqualTo(Instant.parse("2025-04-25T16:15:02Z"));
        assertThat(paid.order().createdAt()).isEqualTo(Instant.parse("2025-04-25T16:13:17Z"));
        assertThat(paid.order().paidAt()).isEqualTo(Instant.parse("2025-04-25T16:15:02Z"));
        assertThat(paid.order().refundedAt()).isNull();

        Normalization refunded = normalizer.normalize(fixture("refunded.json"));
        assertThat(refunded.order().paidAt()).isNull();
        assertThat(refunded.order().refundedAt()).isEqualTo(Instant.parse("2025-04-30T09:12:45Z"));
    }

    @Test
    void amountInCentsMayComeAsAStringOfDigits() {
        Normalization n = normalizer.normalize(paid(b -> payment(b).put("amount", "1770").put("fee", "190")));
        assertThat(n.order().amountCents()).isEqualTo(1770L);
        assertThat(n.order().feeCents()).isEqualTo(190L);
        assertThat(n.order().netAmountCents()).isNull();
    }

    @Test
    void emptyObjectsAreNull() {
        Normalization n = normalizer.normalize(paid(b -> {
            b.set("customer", NODES.objectNode());
            b.set("tracking", NODES.objectNode());
            b.set("checkout", NODES.objectNode());
            payment(b).set("pix_boleto", NODES.objectNode());
        }));
        assertThat(n.customer()).isNull();
        assertThat(n.leadTracking()).isNull();
        assertThat(n.subscription()).isNull();
        assertThat(n.order().pix()).isNull();
    }

    @Test
    void subscriptionPaymentWithAnEmptySubscriptionObjectStillMapsToATransaction() {
        ObjectNode body = fixture("subscription_paid.json");
        body.set("subscription", NODES.objectNode());
        Normalization n = normalizer.normalize(body);
        assertThat(n.type()).isEqualTo(EventTypes.SUBSCRIPTION_TRANSACTION_PAID);
        assertThat(n.subscription()).isNull();
    }

    @Test
    void subscriptionPlanFieldsAreReadWhenPresent() {
        ObjectNode body = fixture("subscription_paid.json");
        ((ObjectNode) body.get("subscription")).put("plan_id", "pl_1").put("plan_name", "Mensal");
        Normalization n = normalizer.normalize(body);
        assertThat(n.subscription().planId()).isEqualTo("pl_1");
        assertThat(n.subscription().planName()).isEqualTo("Mensal");
        assertThat(n.subscription().nextChargeAt()).isEqualTo(Instant.parse("2025-06-01T12:00:00Z"));
    }

    // --- the example of Wiapy's own help page -----------------------------------------------------------------

    @Test
    void wiapyDocsExample() {
        Normalization n = normalizer.normalize(parse(WiapyDocsExample.JSON.getBytes(StandardCharsets.UTF_8)));
        assertThat(n.type()).isEqualTo(EventTypes.ORDER_PAID);
        assertThat(n.providerEvent()).isEqualTo("payment.paid");
        assertThat(n.objectId()).isEqualTo("680bb49dcc58d1620569cb2e");
        assertThat(n.version()).isEqualTo("paid|2025-04-25T16:13:17.284Z");
        assertThat(n.occurredAt()).isEqualTo(Instant.parse("2025-04-25T16:13:17Z"));
        assertThat(n.order().amountCents()).isEqualTo(1770L);
        assertThat(n.order().feeCents()).isEqualTo(190L);
        assertThat(n.order().installments()).isZero();
        assertThat(n.order().pix().qrCode()).isEqualTo("copia-cola-pix-ou-codigo-barra-boleto");
        // four released products for two checkout lines, no shared title: no price can be attributed
        assertThat(n.order().items()).containsExactly(
                new Item("66df9e14dbebe565ee587fc3", "Nome do meu produto 1", 1, null, "Curso Online"),
                new Item("67ddba018866dea35e314915", "Nome do meu Produto 2", 1, null, "E-book"),
                new Item("67ddba018866dea35e314915", "Nome do meu Produto 3", 1, null, "Mentoria"),
                new Item("67ddba018866dea35e314915", "Nome do meu Produto 4", 1, null, "Externo"));
        // the example's CPF is punctuated wrongly ("123.456.678.90") but has 11 digits
        assertThat(n.customer().document()).isEqualTo("12345667890");
        assertThat(n.customer().documentType()).isEqualTo(DocumentType.CPF);
        assertThat(n.customer().phoneNumbers()).hasSize(1);
        assertThat(n.customer().phoneNumbers().get(0).formattedPhone()).isEqualTo("+5511999999999");
        assertThat(n.customer().phoneNumbers().get(0).rawNumber()).isEqualTo("(11) 99999-9999");
        assertThat(n.leadTracking()).as("tracking of nulls").isNull();
        assertThat(n.subscription()).isNull();
    }

    // --- item prices ------------------------------------------------------------------------------------------

    @Test
    void productsGetThePriceOfTheCheckoutLineWithTheirTitle() {
        assertThat(normalizer.normalize(fixture("paid.json")).order().items()).extracting(Item::unitPriceCents)
                .containsExactly(990L, 780L);
    }

    @Test
    void aLoneProductOfACheckoutWithoutBumpsGetsTheCheckoutAmount() {
        List<Item> items = normalizer.normalize(fixture("subscription_paid.json")).order().items();
        assertThat(items).containsExactly(
                new Item("66f1a2b3c4d5e6f7a8b9c0d2", "Clube Finanças", 1, 4990L, "Curso Online"));
    }

    @Test
    void ambiguousTitlesGiveNoPrice() {
        ObjectNode body = fixture("paid.json");
        ((ObjectNode) body.get("products").get(1)).put("title", "Ebook Finanças para Iniciantes");
        assertThat(normalizer.normalize(body).order().items()).extracting(Item::unitPriceCents)
                .containsExactly(null, null);

        ObjectNode twoLines = fixture("paid.json");
        ((ObjectNode) twoLines.get("checkout").get("orderbump").get(0)).put("title", "Ebook Finanças para Iniciantes");
        assertThat(normalizer.normalize(twoLines).order().items()).extracting(Item::unitPriceCents)
                .containsExactly(null, null);
    }

    @Test
    void noProductsGiveNoItems() {
        assertThat(normalizer.normalize(paid(b -> b.remove("products"))).order().items()).isEmpty();
        assertThat(normalizer.normalize(paid(b -> b.set("products", NODES.arrayNode()))).order().items()).isEmpty();
    }

    // --- wrong types: a NormalizationException (the ingress parks), never another exception -------------------

    @Test
    void fieldsOfTheWrongTypeThrowNormalizationException() {
        List<Consumer<ObjectNode>> changes = List.of(
                b -> payment(b).set("amount", NODES.objectNode().put("value", 1770)),
                b -> payment(b).put("amount", "R$ 17,70"),
                b -> payment(b).put("amount", "17.70"),
                b -> payment(b).put("amount", 17.7),
                b -> payment(b).remove("amount"),
                b -> payment(b).put("fee", "abc"),
                b -> payment(b).set("status", NODES.objectNode()),
                b -> payment(b).set("type", NODES.arrayNode().add("payment")),
                b -> payment(b).set("payment_method", NODES.objectNode().put("pix", true)),
                b -> payment(b).put("installments", "two"),
                b -> payment(b).put("installments", -1),
                b -> payment(b).put("dt_update", "yesterday"),
                b -> payment(b).put("dt_create", true),
                b -> payment(b).put("pix_boleto", "00020101"),
                b -> payment(b).set("id", NODES.objectNode()),
                b -> b.set("payment", NODES.arrayNode()),
                b -> b.put("customer", "Thaís"),
                b -> ((ObjectNode) b.get("customer")).set("document", NODES.arrayNode()),
                b -> ((ObjectNode) b.get("customer")).set("mobile_phone", NODES.objectNode().put("ddd", "11")),
                b -> b.set("products", NODES.objectNode().put("id", "x")),
                b -> ((ArrayNode) b.get("products")).add("just a title"),
                b -> ((ObjectNode) b.get("products").get(0)).set("title", NODES.arrayNode()),
                b -> ((ObjectNode) b.get("checkout")).put("amount", "nove"),
                b -> ((ObjectNode) b.get("checkout")).put("orderbump", "none"),
                b -> b.put("tracking", 42),
                b -> ((ObjectNode) b.get("tracking")).set("utm_source", NODES.arrayNode()),
                b -> b.set("subscription", NODES.arrayNode()),
                b -> b.set("subscription", NODES.objectNode().put("next_charge", "soon")));
        for (int i = 0; i < changes.size(); i++) {
            ObjectNode body = paid(changes.get(i));
            assertThatThrownBy(() -> normalizer.normalize(body)).as("change #%d", i)
                    .isExactlyInstanceOf(NormalizationException.class);
        }
    }

    @Test
    void normalizationExceptionNamesThePathNotTheValue() {
        ObjectNode body = paid(b -> b.put("customer", "Thaís Oliveira 390.533.447-05"));
        assertThatThrownBy(() -> normalizer.normalize(body)).isExactlyInstanceOf(NormalizationException.class)
                .hasMessageContaining("customer").hasMessageNotContaining("390");
    }

    @Test
    void numbersWhereStringsAreExpectedAreReadAsText() {
        Normalization n = normalizer.normalize(paid(b -> {
            ((ObjectNode) b.get("customer")).put("document", 39053344705L);
            ((ObjectNode) b.get("customer")).put("id", 123);
        }));
        assertThat(n.customer().document()).isEqualTo("39053344705");
        assertThat(n.customer().id()).isEqualTo("123");
        assertThat(n.order().status()).isEqualTo(OrderStatus.PAID);
    }

    // --- the deterministic event id -------------------------------------------------------------------------

    @Test
    void sameDeliveryGivesTheSameId() {
        byte[] body = Fixtures.bytes(WiapyProvider.NAME, "paid.json");
        assertThat(eventId(body)).isEqualTo(eventId(body.clone())).matches("evt_[0-9a-f]{32}");
    }

    @Test
    void theSameStateResentWithOtherDetailsKeepsItsId() {
        // the id rests on payment.id, status and dt_update: a re-sent notification with new tracking is a duplicate
        byte[] original = Fixtures.bytes(WiapyProvider.NAME, "paid.json");
        ObjectNode resent = paid(b -> ((ObjectNode) b.get("tracking")).put("utm_source", "email"));
        assertThat(eventId(bytes(resent))).isEqualTo(eventId(original));
    }

    @Test
    void aNewStatusOrUpdateGivesANewId() {
        String paid = eventId(Fixtures.bytes(WiapyProvider.NAME, "paid.json"));
        String refunded = eventId(Fixtures.bytes(WiapyProvider.NAME, "refunded.json"));
        assertThat(refunded).isNotEqualTo(paid);

        String statusOnly = eventId(bytes(paid(b -> payment(b).put("status", "chargedback"))));
        assertThat(statusOnly).isNotEqualTo(paid);

        String laterUpdate = eventId(bytes(paid(b -> payment(b).put("dt_update", "2025-04-25T16:15:02.912Z"))));
        assertThat(laterUpdate).as("a millisecond later is another update").isNotEqualTo(paid);

        String subscriptionCharge = eventId(bytes(paid(b -> payment(b).put("type", "subscription"))));
        assertThat(subscriptionCharge).isNotEqualTo(paid);
    }

    @Test
    void withoutPaymentIdTheIdFallsBackToTheBodyHash() {
        ObjectNode noId = paid(b -> payment(b).remove("id"));
        Normalization n = normalizer.normalize(noId);
        assertThat(n.objectId()).isNull();
        assertThat(n.version()).isNull();
        assertThat(n.order().id()).isNull();
        ObjectNode otherTracking = paid(b -> {
            payment(b).remove("id");
            ((ObjectNode) b.get("tracking")).put("utm_source", "email");
        });
        assertThat(eventId(bytes(otherTracking))).isNotEqualTo(eventId(bytes(noId)));
        assertThat(eventId(bytes(noId))).isEqualTo(eventId(bytes(noId)));
    }

    @Test
    void unmappedEventsAlsoGetADeterministicId() {
        byte[] body = bytes(paid(b -> payment(b).put("status", "expired")));
        UnifiedEvent first = EventAssembler.assemble(provider, normalizer.normalize(parse(body)), parse(body), body,
                Instant.now());
        assertThat(first.routingKey()).isEqualTo("unmapped.wiapy");
        assertThat(eventId(body)).isEqualTo(first.id());
        EventSchema.assertValid(EventJson.mapper().valueToTree(first));
    }
}
