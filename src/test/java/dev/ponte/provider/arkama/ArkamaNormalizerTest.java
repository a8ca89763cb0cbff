package dev.ponte.provider.arkama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import dev.ponte.event.EventTypes;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArkamaNormalizerTest {

    private static final ObjectMapper JSON = EventJson.mapper();

    private final ArkamaProvider provider = new ArkamaProvider(
            new ProviderSettings(List.of(ArkamaGoldenTest.FIXTURE_TOKEN), null, null));

    // ---------------------------------------------------------------- helpers

    private static ObjectNode fixture(String name) {
        try {
            return (ObjectNode) JSON.readTree(Fixtures.bytes(ArkamaProvider.NAME, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces (or adds) the value at a JSON pointer such as {@code /data/order/status}. */
    private static ObjectNode set(ObjectNode body, String pointer, String json) {
        int slash = pointer.lastIndexOf('/');
        try {
            ((ObjectNode) body.at(pointer.substring(0, slash))).set(pointer.substring(slash + 1), JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return body;
    }

    private static ObjectNode remove(ObjectNode body, String pointer) {
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) body.at(pointer.substring(0, slash))).remove(pointer.substring(slash + 1));
        return body;
    }

    private static ObjectNode withEvent(String fixture, String event) {
        ObjectNode body = fixture(fixture);
        body.put("event", event);
        return body;
    }

    private Normalization normalize(ObjectNode body) {
        return provider.normalizer().normalize(body);
    }

    /** As the ingress does it: normalize, assemble, and check the result against the JSON Schema. */
    private JsonNode event(ObjectNode body) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            ObjectNode parsed = (ObjectNode) JSON.readTree(bytes);
            UnifiedEvent event = EventAssembler.assemble(provider, normalize(parsed), parsed, bytes, Instant.now());
            JsonNode json = JSON.valueToTree(event);
            EventSchema.assertValid(json);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- unknown and parked events

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ORDER_SOMETHING_NEW | Arkama order status not in the mapping table",
            "ORDER_             | Arkama order status not in the mapping table",
            "CART_OPEN          | Arkama cart status not in the mapping table",
            "CART_PENDING       | Arkama cart status not in the mapping table",
            "CART_FINISHED      | Arkama cart finished: the sale itself arrives as an ORDER_ event",
            "PRODUCT_UPDATED    | not an Arkama ORDER_ or CART_ event",
            "42                 | not an Arkama ORDER_ or CART_ event"})
    void unknownOrDeliberatelyParkedEventsAreUnmappedWithAReason(String eventName, String reason) {
        ObjectNode body = withEvent("ORDER_PAID.json", eventName);
        Normalization n = normalize(body);
        assertThat(n.mapped()).isFalse();
        assertThat(n.type()).isNull();
        assertThat(n.providerEvent()).isEqualTo(eventName);
        assertThat(n.parkReason()).isEqualTo(reason);

        JsonNode parked = event(body);
        assertThat(parked.path("type").isNull()).isTrue();
        assertThat(parked.path("provider_event").asText()).isEqualTo(eventName);
        assertThat(parked.path("raw").has("token")).isFalse();
        assertThat(parked.path("raw").path("data").path("order").path("id").asText()).isEqualTo("ORQ7R2T51");
    }

    @ParameterizedTest
    @CsvSource({"ORDER_CANCELED", "ORDER_CANCELLED", "order_canceled"})
    void aCanceledOrderIsOrderCanceledWithoutFailureReason(String eventName) {
        ObjectNode body = withEvent("ORDER_PENDING.json", eventName);
        set(body, "/data/order/status", "\"CANCELED\"");
        JsonNode event = event(body);
        assertThat(event.path("type").asText()).isEqualTo(EventTypes.ORDER_CANCELED);
        assertThat(event.path("order").path("status").asText()).isEqualTo("canceled");
        assertThat(event.path("order").path("failure_reason").isNull()).isTrue();
        assertThat(event.path("order").path("paid_at").isNull()).isTrue();
        assertThat(event.path("provider_event").asText()).isEqualTo(eventName);
        // a subscription charge canceled unpaid is still order.canceled: the spec has no per-subscription type
        set(body, "/data/order/subscription", "{\"id\": \"SBQ1\", \"status\": \"ACTIVE\"}");
        JsonNode recurring = event(body);
        assertThat(recurring.path("type").asText()).isEqualTo(EventTypes.ORDER_CANCELED);
        assertThat(recurring.path("subscription").path("id").asText()).isEqualTo("SBQ1");
    }

    @Test
    void aRefusedOrderHasNoFailureReason() {
        JsonNode event = event(withEvent("ORDER_PENDING.json", "ORDER_REFUSED"));
        assertThat(event.path("type").asText()).isEqualTo(EventTypes.ORDER_FAILED);
        assertThat(event.path("order").has("failure_reason")).isTrue();
        assertThat(event.path("order").path("failure_reason").isNull()).isTrue();
    }

    @Test
    void aNumericEventNameIsReadAsText() {
        ObjectNode body = fixture("ORDER_PAID.json");
        body.put("event", 42);
        assertThat(normalize(body).providerEvent()).isEqualTo("42");
        assertThat(normalize(body).mapped()).isFalse();
    }

    @Test
    void aPostbackWithoutEventIsUnmapped() {
        Normalization missing = normalize(remove(fixture("ORDER_PAID.json"), "/event"));
        assertThat(missing.mapped()).isFalse();
        assertThat(missing.providerEvent()).isNull();
        assertThat(missing.parkReason()).isEqualTo("Arkama postback without an event name");
        assertThat(normalize(set(fixture("ORDER_PAID.json"), "/event", "\"  \"")).mapped()).isFalse();
    }

    @Test
    void theMappingTablesHoldTheKnownAndGuessedStatuses() {
        assertThat(ArkamaNormalizer.ORDER_STATUSES).containsEntry("PAID", ArkamaNormalizer.Outcome.PAID)
                .containsEntry("PENDING", ArkamaNormalizer.Outcome.WAITING_PAYMENT)
                .containsEntry("REFUSED", ArkamaNormalizer.Outcome.FAILED)
                .containsEntry("REFUNDED", ArkamaNormalizer.Outcome.REFUNDED)
                .containsEntry("CHARGEBACK", ArkamaNormalizer.Outcome.DISPUTED)
                .containsEntry("PRE_CHARGEBACK", ArkamaNormalizer.Outcome.DISPUTED)
                .containsEntry("CANCELED", ArkamaNormalizer.Outcome.CANCELED)
                .containsEntry("CANCELLED", ArkamaNormalizer.Outcome.CANCELED);
        assertThat(EventTypes.ALL).containsAll(ArkamaNormalizer.CART_STATUSES.values());
    }

    // ---------------------------------------------------------------- type mapping

    @ParameterizedTest
    @CsvSource({
            "PIX,         order.waiting_payment.pix,         pix",
            "pix,         order.waiting_payment.pix,         pix",
            "CREDIT_CARD, order.waiting_payment.credit_card, credit_card",
            "credit_card, order.waiting_payment.credit_card, credit_card",
            "BOLETO,      order.waiting_payment.boleto,      boleto",
            "Boleto,      order.waiting_payment.boleto,      boleto"})
    void pendingMapsByPaymentMethod(String method, String type, String wireMethod) {
        JsonNode event = event(set(fixture("ORDER_PENDING.json"), "/data/order/paymentMethod", "\"" + method + "\""));
        assertThat(event.path("type").asText()).isEqualTo(type);
        assertThat(event.path("order").path("payment_method").asText()).isEqualTo(wireMethod);
        assertThat(event.path("order").path("status").asText()).isEqualTo("waiting_payment");
        assertThat(event.path("order").path("paid_at").isNull()).isTrue();
        assertThat(event.path("occurred_at").asText()).isEqualTo("2024-11-29T14:02:10Z");
    }

    @ParameterizedTest
    @CsvSource({"ORDER_WAITING_PAYMENT", "ORDER_IN_ANALYSIS", "order_pending"})
    void otherWaitingStatusesAreWaitingPayment(String eventName) {
        ObjectNode body = set(withEvent("ORDER_PENDING.json", eventName), "/data/order/paymentMethod",
                "\"CREDIT_CARD\"");
        assertThat(normalize(body).type()).isEqualTo(EventTypes.ORDER_WAITING_PAYMENT_CREDIT_CARD);
        assertThat(normalize(body).providerEvent()).isEqualTo(eventName);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"PICPAY\"", "null", "\"\""})
    void pendingWithoutAKnownMethodIsParked(String methodJson) {
        Normalization n = normalize(set(fixture("ORDER_PENDING.json"), "/data/order/paymentMethod", methodJson));
        assertThat(n.mapped()).isFalse();
        assertThat(n.parkReason()).contains("paymentMethod is not PIX, CREDIT_CARD or BOLETO");
    }

    @Test
    void aPaidOrderWithAnUnknownMethodIsPaidWithMethodOther() {
        Normalization n = normalize(set(fixture("ORDER_PAID.json"), "/data/order/paymentMethod", "\"PICPAY\""));
        assertThat(n.type()).isEqualTo(EventTypes.ORDER_PAID);
        assertThat(n.order().paymentMethod()).isEqualTo(PaymentMethod.OTHER);
    }

    @Test
    void refusedIsFailed() {
        ObjectNode body = set(set(withEvent("ORDER_PENDING.json", "ORDER_REFUSED"), "/data/order/status", "\"REFUSED\""),
                "/data/order/updated_at", "\"2024-11-29 11:05:00\"");
        JsonNode event = event(body);
        assertThat(event.path("type").asText()).isEqualTo("order.failed");
        assertThat(event.path("order").path("status").asText()).isEqualTo("failed");
        assertThat(event.path("occurred_at").asText()).isEqualTo("2024-11-29T14:05:00Z");
    }

    @ParameterizedTest
    @CsvSource({"BACEN_MED", "bacen_med"})
    void aPixMedRefundIsADisputeNotARefund(String refundType) {
        ObjectNode body = set(set(fixture("ORDER_REFUNDED.json"), "/data/order/refund_type", "\"" + refundType + "\""),
                "/data/order/refund_reason", "\"Compra contestada pelo comprador\"");
        JsonNode event = event(body);
        assertThat(event.path("type").asText()).isEqualTo("order.disputed");
        assertThat(event.path("provider_event").asText()).isEqualTo("ORDER_REFUNDED");
        assertThat(event.path("order").path("status").asText()).isEqualTo("disputed");
        assertThat(event.path("order").path("dispute_reason").asText()).isEqualTo("Compra contestada pelo comprador");
        assertThat(event.path("order").path("refund_reason").isNull()).isTrue();
        assertThat(event.path("order").path("refunded_at").asText()).isEqualTo("2024-12-02T12:40:00Z");
        assertThat(event.path("occurred_at").asText()).isEqualTo("2024-12-02T12:40:00Z");
    }

    @Test
    void aRefundWithoutRefundTypeIsARefund() {
        Normalization n = normalize(set(fixture("ORDER_REFUNDED.json"), "/data/order/refund_type", "null"));
        assertThat(n.type()).isEqualTo(EventTypes.ORDER_REFUNDED);
        assertThat(n.order().refundReason()).isEqualTo("Cliente solicitou reembolso em 7 dias");
        assertThat(n.order().disputeReason()).isNull();
    }

    @Test
    void preChargebackIsADispute() {
        ObjectNode body = set(set(withEvent("ORDER_CHARGEBACK.json", "ORDER_PRE_CHARGEBACK"), "/data/order/status",
                "\"PRE_CHARGEBACK\""), "/data/order/refunded_at", "null");
        body = set(set(body, "/data/order/refund_type", "null"), "/data/order/refund_reason", "null");
        Normalization n = normalize(body);
        assertThat(n.type()).isEqualTo(EventTypes.ORDER_DISPUTED);
        assertThat(n.order().status()).isEqualTo(OrderStatus.DISPUTED);
        assertThat(n.order().disputeReason()).isNull();
        assertThat(n.occurredAt()).isEqualTo(Instant.parse("2024-12-05T19:22:31Z"));
    }

    @ParameterizedTest
    @CsvSource({
            "ORDER_PAID.json,       ORDER_PAID,       PAID,       subscription.transaction.paid",
            "ORDER_PENDING.json,    ORDER_PENDING,    PENDING,    subscription.transaction.waiting_payment",
            "ORDER_PENDING.json,    ORDER_REFUSED,    REFUSED,    subscription.transaction.failed",
            "ORDER_REFUNDED.json,   ORDER_REFUNDED,   REFUNDED,   subscription.transaction.refunded",
            "ORDER_CHARGEBACK.json, ORDER_CHARGEBACK, CHARGEBACK, subscription.transaction.disputed"})
    void aChargeOfASubscriptionIsASubscriptionTransaction(String fixture, String eventName, String status,
                                                          String type) {
        ObjectNode body = set(set(withEvent(fixture, eventName), "/data/order/status", "\"" + status + "\""),
                "/data/order/subscription", "{\"id\":\"SB1\",\"status\":\"ACTIVE\"}");
        JsonNode event = event(body);
        assertThat(event.path("type").asText()).isEqualTo(type);
        assertThat(event.path("subscription").path("id").asText()).isEqualTo("SB1");
        assertThat(event.path("subscription").path("status").asText()).isEqualTo("active");
    }

    @Test
    void aPixMedRefundOfASubscriptionChargeIsASubscriptionDispute() {
        ObjectNode body = set(set(fixture("ORDER_REFUNDED.json"), "/data/order/refund_type", "\"BACEN_MED\""),
                "/data/order/subscription", "{\"id\":\"SB1\"}");
        assertThat(normalize(body).type()).isEqualTo(EventTypes.SUBSCRIPTION_TRANSACTION_DISPUTED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"null", "{}", "\"\""})
    void anEmptySubscriptionIsNoSubscription(String subscriptionJson) {
        Normalization n = normalize(set(fixture("ORDER_PAID.json"), "/data/order/subscription", subscriptionJson));
        assertThat(n.type()).isEqualTo(EventTypes.ORDER_PAID);
        assertThat(n.subscription()).isNull();
    }

    @Test
    void aSubscriptionSentAsABareIdStillMakesASubscriptionCharge() {
        Normalization n = normalize(set(fixture("ORDER_PAID.json"), "/data/order/subscription", "\"SBR1S2U90\""));
        assertThat(n.type()).isEqualTo(EventTypes.SUBSCRIPTION_TRANSACTION_PAID);
        assertThat(n.subscription().id()).isEqualTo("SBR1S2U90");
        assertThat(n.subscription().planId()).isNull();
    }

    @Test
    void subscriptionIntervalIsReadWhenSent() {
        ObjectNode body = set(fixture("ORDER_PAID_subscription.json"), "/data/order/subscription/interval",
                "\"MONTHLY\"");
        assertThat(normalize(body).subscription().interval()).isEqualTo("monthly");
    }

    // ---------------------------------------------------------------- abandoned cart

    @Test
    void anAbandonedCartAmountIsTheSumOfItsLines() {
        ObjectNode body = set(fixture("CART_ABANDONED.json"), "/data/cart/items", """
                [{"quantity":2,"unitPrice":"147.00","product":{"id":"PD1","name":"Um"}},
                 {"quantity":3,"unitPrice":"0.10","product":{"id":"PD2","name":"Dois"}},
                 {"unitPrice":"19.99","product":{"id":"PD3","name":"Tres"}}]""");
        JsonNode order = event(body).path("order");
        assertThat(order.path("amount_cents").asLong()).isEqualTo(2 * 14700 + 3 * 10 + 1999);
        assertThat(order.path("items")).hasSize(3);
        assertThat(order.path("items").get(2).path("quantity").isNull()).isTrue();
        assertThat(order.path("id").asText()).isEqualTo("CTQ9Z0Y11");
        assertThat(order.path("status").asText()).isEqualTo("abandoned");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/data/cart/items | []",
            "/data/cart/items | null",
            "/data/cart/items | [{\"quantity\":1,\"product\":{\"id\":\"PD1\"}}]",
            "/data/cart/items | [{\"quantity\":2000000000,\"unitPrice\":\"999999999999.99\"}]",
            "/data/cart       | null",
            "/data            | null"})
    void anAbandonedCartWithoutAnAmountIsNotNormalizable(String pointer, String json) {
        ObjectNode body = set(fixture("CART_ABANDONED.json"), pointer, json);
        assertThatThrownBy(() -> normalize(body)).isInstanceOf(NormalizationException.class);
    }

    // ---------------------------------------------------------------- fields

    @Test
    void amountIsTotalValueFallingBackToValue() {
        ObjectNode withInterest = set(set(fixture("ORDER_PAID.json"), "/data/order/value", "\"100.00\""),
                "/data/order/total_value", "\"112.34\"");
        assertThat(normalize(withInterest).order().amountCents()).isEqualTo(11234);

        ObjectNode onlyValue = set(fixture("ORDER_PAID.json"), "/data/order/total_value", "null");
        set(onlyValue, "/data/order/value", "\"97.9\"");
        assertThat(normalize(onlyValue).order().amountCents()).isEqualTo(9790);

        ObjectNode none = set(set(fixture("ORDER_PAID.json"), "/data/order/total_value", "null"),
                "/data/order/value", "null");
        assertThatThrownBy(() -> normalize(none)).isInstanceOf(NormalizationException.class)
                .hasMessageContaining("total_value");
    }

    @Test
    void feeIsThePlatformSplitAndNetTheSumOfProducerSplits() {
        ObjectNode body = set(fixture("ORDER_PAID.json"), "/data/order/splits", """
                [{"name":"PLATFORM","type":"PLATFORM","amount":"9.26"},
                 {"name":"Horta","type":"PRODUCER","amount":"100.00"},
                 {"name":"Socio","type":"producer","amount":"37.74"},
                 {"name":"Afiliado","type":"AFFILIATE","amount":"5.00"}]""");
        Normalization n = normalize(body);
        assertThat(n.order().feeCents()).isEqualTo(926);
        assertThat(n.order().netAmountCents()).isEqualTo(13774);

        Normalization noSplits = normalize(set(fixture("ORDER_PAID.json"), "/data/order/splits", "[]"));
        assertThat(noSplits.order().feeCents()).isNull();
        assertThat(noSplits.order().netAmountCents()).isNull();
    }

    @Test
    void occurredAtIsTheTimeOfTheStateTheEventNames() {
        ObjectNode paid = set(fixture("ORDER_PAID.json"), "/data/order/updated_at", "\"2024-11-29 12:00:00\"");
        assertThat(normalize(paid).occurredAt()).isEqualTo(Instant.parse("2024-11-29T13:17:05Z"));
        assertThat(normalize(set(paid, "/data/order/paid_at", "null")).occurredAt())
                .isEqualTo(Instant.parse("2024-11-29T15:00:00Z"));

        ObjectNode refunded = set(fixture("ORDER_REFUNDED.json"), "/data/order/updated_at", "\"2024-12-03 08:00:00\"");
        assertThat(normalize(refunded).occurredAt()).isEqualTo(Instant.parse("2024-12-02T12:40:00Z"));

        // a chargeback notice is the order's update; refunded_at is when money went back, maybe later or never
        ObjectNode chargeback = set(fixture("ORDER_CHARGEBACK.json"), "/data/order/refunded_at",
                "\"2024-12-09 10:00:00\"");
        assertThat(normalize(chargeback).occurredAt()).isEqualTo(Instant.parse("2024-12-05T19:22:31Z"));

        ObjectNode pending = set(fixture("ORDER_PENDING.json"), "/data/order/updated_at", "null");
        assertThat(normalize(pending).occurredAt()).isEqualTo(Instant.parse("2024-11-29T14:02:10Z"));

        ObjectNode cart = set(fixture("CART_ABANDONED.json"), "/data/cart/updated_at", "null");
        assertThat(normalize(cart).occurredAt()).isEqualTo(Instant.parse("2024-11-30T23:01:15Z"));
    }

    @Test
    void timesWithoutOffsetUseTheConfiguredZone() {
        ArkamaNormalizer utc = new ArkamaNormalizer(ZoneId.of("UTC"));
        Normalization n = utc.normalize(fixture("ORDER_PAID.json"));
        assertThat(n.occurredAt()).isEqualTo(Instant.parse("2024-11-29T10:17:05Z"));
        assertThat(n.order().createdAt()).isEqualTo(Instant.parse("2024-11-29T10:16:40Z"));

        ArkamaProvider inUtc = new ArkamaProvider(new ProviderSettings(List.of("t"), null, ZoneId.of("UTC")));
        assertThat(inUtc.normalizer().normalize(fixture("ORDER_PAID.json")).order().paidAt())
                .isEqualTo(Instant.parse("2024-11-29T10:17:05Z"));
        // the default zone is America/Sao_Paulo (UTC-3 in November 2024)
        assertThat(normalize(fixture("ORDER_PAID.json")).order().paidAt())
                .isEqualTo(Instant.parse("2024-11-29T13:17:05Z"));
    }

    @Test
    void theDocumentedExampleWithItsNullAddressAndStrayRefundFields() {
        // Arkama's postback 2.0.0 example: an ORDER_PAID whose refund_type/refund_reason are filled and whose address is all nulls
        ObjectNode body = fixture("ORDER_PAID.json");
        set(body, "/data/order/refund_type", "\"BACEN_MED\"");
        set(body, "/data/order/refund_reason", "\"Compra contestada pelo comprador\"");
        set(body, "/data/cart/customer/address", """
                {"cep":null,"country":null,"state":null,"city":null,"street":null,"neighborhood":null,
                 "number":null,"complement":null}""");
        set(body, "/data/cart/metadata", """
                {"src":null,"utm_source":null,"utm_medium":null,"utm_campaign":null,"utm_term":null,
                 "utm_content":null,"extra":[]}""");
        set(body, "/data/cart/ip", "\"127.0.0.1\"");
        JsonNode event = event(body);
        assertThat(event.path("type").asText()).isEqualTo("order.paid");
        assertThat(event.path("order").path("refund_reason").isNull()).isTrue();
        assertThat(event.path("order").path("dispute_reason").isNull()).isTrue();
        assertThat(event.path("customer").path("address").isNull()).isTrue();
        assertThat(event.path("lead_tracking").path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(event.path("lead_tracking").path("utm_source").isNull()).isTrue();
    }

    @Test
    void withoutCartThereAreNoItemsCustomerOrTrackingAndTheOrderUrlIsTheCheckout() {
        ObjectNode body = remove(fixture("ORDER_PAID.json"), "/data/cart");
        Normalization n = normalize(body);
        assertThat(n.type()).isEqualTo(EventTypes.ORDER_PAID);
        assertThat(n.order().items()).isEmpty();
        assertThat(n.order().checkoutUrl()).isEqualTo("https://app.arkama.com.br/pay/order/ORQ7R2T51");
        assertThat(n.customer()).isNull();
        assertThat(n.leadTracking()).isNull();
        event(body);
    }

    @Test
    void customerWithoutPhoneOrDocument() {
        ObjectNode body = set(set(fixture("ORDER_PAID.json"), "/data/cart/customer/cellphone", "null"),
                "/data/cart/customer/document", "\"\"");
        JsonNode customer = event(body).path("customer");
        assertThat(customer.path("phone_numbers")).isEmpty();
        assertThat(customer.path("document").isNull()).isTrue();
        assertThat(customer.path("document_type").isNull()).isTrue();
        assertThat(customer.path("email").asText()).isEqualTo("fernanda.souza@exemplo.com.br");
    }

    @Test
    void aFormattedCnpjBecomesDigits() {
        ObjectNode body = set(fixture("ORDER_PAID.json"), "/data/cart/customer/document", "\"11.222.333/0001-81\"");
        Normalization n = normalize(body);
        assertThat(n.customer().document()).isEqualTo("11222333000181");
        assertThat(n.customer().documentType()).hasToString("CNPJ");
    }

    @Test
    void aBoletoBlockIsMappedWhenPresent() {
        ObjectNode body = set(set(fixture("ORDER_PENDING.json"), "/data/order/paymentMethod", "\"BOLETO\""),
                "/data/order/pix", "null");
        set(body, "/data/order/boleto", """
                {"barcode":"23793381286000000000000000000000000000000000","url":"https://boleto.example/1",
                 "expires_at":"2024-12-02 23:59:59"}""");
        JsonNode order = event(body).path("order");
        assertThat(order.path("pix").isNull()).isTrue();
        assertThat(order.path("boleto").path("barcode").asText()).isEqualTo("23793381286000000000000000000000000000000000");
        assertThat(order.path("boleto").path("url").asText()).isEqualTo("https://boleto.example/1");
        assertThat(order.path("boleto").path("expires_at").asText()).isEqualTo("2024-12-03T02:59:59Z");
    }

    @Test
    void aPixBlockWithoutPayloadIsNoPix() {
        ObjectNode body = set(fixture("ORDER_PAID.json"), "/data/order/pix",
                "{\"payload\":null,\"e2e\":null,\"e2e_dev\":null}");
        assertThat(normalize(body).order().pix()).isNull();
    }

    // ---------------------------------------------------------------- wrong types

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/event                              | {\"name\":\"ORDER_PAID\"}",
            "/data                               | \"ORDER_PAID\"",
            "/data/order                         | []",
            "/data/order                         | null",
            "/data/order/total_value             | \"doze reais\"",
            "/data/order/total_value             | \"12,00\"",
            "/data/order/total_value             | {\"amount\":\"12.00\"}",
            "/data/order/total_value             | true",
            "/data/order/id                      | {\"id\":\"OR1\"}",
            "/data/order/installments            | \"duas\"",
            "/data/order/installments            | -1",
            "/data/order/paid_at                 | \"yesterday\"",
            "/data/order/paid_at                 | 1.5",
            "/data/order/updated_at              | [\"2024-11-29 10:17:05\"]",
            "/data/order/splits                  | {\"type\":\"PLATFORM\"}",
            "/data/order/splits                  | [\"PLATFORM\"]",
            "/data/order/splits                  | [{\"type\":\"PLATFORM\",\"amount\":\"x\"}]",
            "/data/order/pix                     | \"000201\"",
            "/data/order/subscription            | [\"SB1\"]",
            "/data/order/subscription            | true",
            "/data/order/subscription            | 0",
            "/data/order/subscription/next_charge_at | \"next month\"",
            "/data/cart                          | \"CTQ7R2M8K\"",
            "/data/cart/items                    | {\"quantity\":1}",
            "/data/cart/items                    | [\"PDQ7R2A1B\"]",
            "/data/cart/items/0/quantity         | \"one\"",
            "/data/cart/items/0/quantity         | -2",
            "/data/cart/items/0/unitPrice        | \"R$ 39,90\"",
            "/data/cart/items/0/product          | \"PDQ7R2A1B\"",
            "/data/cart/customer                 | \"Fernanda\"",
            "/data/cart/customer/email           | {\"address\":\"f@x\"}",
            "/data/cart/customer/address         | \"Avenida Paulista\"",
            "/data/cart/metadata                 | [\"ig_bio\"]",
            "/data/cart/metadata/utm_source      | {\"v\":\"instagram\"}",
            "/data/cart/ip                       | [\"189.45.120.33\"]"})
    void aFieldOfTheWrongTypeIsANormalizationError(String pointer, String json) {
        ObjectNode body = fixture("ORDER_PAID_subscription.json");
        set(body, pointer, json);
        assertThatThrownBy(() -> normalize(body)).isInstanceOf(NormalizationException.class)
                .hasMessageNotContaining("Fernanda").hasMessageNotContaining("doze");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/data/cart/items/0/quantity  | \"one\"",
            "/data/cart/items/0/unitPrice | {}",
            "/data/cart/created_at        | \"ontem\"",
            "/data/cart/updated_at        | 3.14",
            "/data/cart/customer/cellphone| {\"n\":\"11\"}"})
    void aCartFieldOfTheWrongTypeIsANormalizationError(String pointer, String json) {
        ObjectNode body = set(fixture("CART_ABANDONED.json"), pointer, json);
        assertThatThrownBy(() -> normalize(body)).isInstanceOf(NormalizationException.class);
    }

    @Test
    void aJunkPhoneIsKeptAsSentNotAnError() {
        Normalization n = normalize(set(fixture("ORDER_PAID.json"), "/data/cart/customer/cellphone", "\"222\""));
        assertThat(n.customer().phoneNumbers()).hasSize(1);
        assertThat(n.customer().phoneNumbers().get(0).rawNumber()).isEqualTo("222");
        assertThat(n.customer().phoneNumbers().get(0).areaCode()).isNull();
    }

    // ---------------------------------------------------------------- deterministic id

    @Test
    void theSameDeliveryGetsTheSameId() {
        byte[] bytes = Fixtures.bytes(ArkamaProvider.NAME, "ORDER_PAID.json");
        assertThat(id(bytes)).isEqualTo(id(bytes.clone()));
        // re-serialized (different bytes, same content) still the same: the id does not hash the body
        assertThat(id(fixture("ORDER_PAID.json"))).isEqualTo(id(bytes));
    }

    @Test
    void aNewStateOfTheSameOrderGetsANewId() {
        String paid = id(fixture("ORDER_PAID.json"));
        assertThat(id(set(fixture("ORDER_PAID.json"), "/data/order/updated_at", "\"2024-11-29 10:17:06\"")))
                .isNotEqualTo(paid);
        assertThat(id(set(fixture("ORDER_PAID.json"), "/data/order/status", "\"REFUNDED\""))).isNotEqualTo(paid);
        // same object, another event name: ORDER_REFUNDED and ORDER_CHARGEBACK on ORQ7R2T51
        assertThat(id(fixture("ORDER_REFUNDED.json"))).isNotEqualTo(paid)
                .isNotEqualTo(id(fixture("ORDER_CHARGEBACK.json")));
        assertThat(id(set(withEvent("ORDER_REFUNDED.json", "ORDER_CHARGEBACK"), "/data/order/status",
                "\"CHARGEBACK\""))).isNotEqualTo(id(fixture("ORDER_REFUNDED.json")));
    }

    @Test
    void fieldsOutsideTheVersionDoNotChangeTheId() {
        assertThat(id(set(fixture("ORDER_PAID.json"), "/data/cart/useragent", "\"curl/8\"")))
                .isEqualTo(id(fixture("ORDER_PAID.json")));
    }

    @Test
    void objectIdAndVersionAreTheOrderIdAndItsUpdateTimeAndStatus() {
        Normalization order = normalize(fixture("ORDER_PAID.json"));
        assertThat(order.objectId()).isEqualTo("ORQ7R2T51");
        assertThat(order.version()).isEqualTo("2024-11-29 10:17:05|PAID");

        Normalization cart = normalize(fixture("CART_ABANDONED.json"));
        assertThat(cart.objectId()).isEqualTo("CTQ9Z0Y11");
        assertThat(cart.version()).isEqualTo("2024-11-30 20:31:15|ABANDONED");

        Normalization cartUpdated = normalize(set(fixture("CART_ABANDONED.json"), "/data/cart/updated_at",
                "\"2024-11-30 21:00:00\""));
        assertThat(cartUpdated.version()).isNotEqualTo(cart.version());

        Normalization noStatus = normalize(set(fixture("ORDER_PAID.json"), "/data/order/status", "null"));
        assertThat(noStatus.version()).isEqualTo("2024-11-29 10:17:05|PAID");
    }

    @Test
    void withoutAnObjectIdTheIdComesFromTheBody() {
        ObjectNode first = set(fixture("ORDER_PAID.json"), "/data/order/id", "null");
        ObjectNode second = set(set(fixture("ORDER_PAID.json"), "/data/order/id", "null"), "/data/order/value",
                "\"146.00\"");
        assertThat(normalize(first).objectId()).isNull();
        assertThat(normalize(first).version()).isNull();
        assertThat(id(first)).isNotEqualTo(id(second)).isEqualTo(id(first.deepCopy()));
    }

    private String id(ObjectNode body) {
        try {
            return id(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String id(byte[] bytes) {
        return event(parse(bytes)).path("id").asText();
    }

    private static ObjectNode parse(byte[] bytes) {
        try {
            return (ObjectNode) JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
