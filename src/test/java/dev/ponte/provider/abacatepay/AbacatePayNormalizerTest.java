package dev.ponte.provider.abacatepay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import dev.ponte.event.EventTypes;
import dev.ponte.event.NormalizationException;
import dev.ponte.event.Order;
import dev.ponte.event.OrderStatus;
import dev.ponte.event.PaymentMethod;
import dev.ponte.event.UnifiedEvent;
import dev.ponte.ingress.EventAssembler;
import dev.ponte.provider.Normalization;
import dev.ponte.support.EventSchema;
import dev.ponte.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.ponte.provider.abacatepay.AbacatePayTestData.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

class AbacatePayNormalizerTest {

    private final AbacatePayProvider provider = AbacatePayTestData.provider();
    private final AbacatePayNormalizer normalizer = new AbacatePayNormalizer(ZoneId.of("America/Sao_Paulo"));

    private static ObjectNode fixture(String name) {
        try {
            return (ObjectNode) EventJson.mapper().readTree(AbacatePayTestData.fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode fixture(String name, Consumer<ObjectNode> change) {
        ObjectNode body = fixture(name);
        change.accept(body);
        return body;
    }

    private static ObjectNode data(ObjectNode body) {
        return (ObjectNode) body.get("data");
    }

    private static ObjectNode at(ObjectNode body, String... path) {
        JsonNode node = body;
        for (String step : path) {
            node = node.get(step);
        }
        return (ObjectNode) node;
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) EventJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event the ingress would publish for this body (as bytes written by the mapper). */
    private UnifiedEvent assemble(ObjectNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        return EventAssembler.assemble(provider, provider.normalizer().normalize(body), body, bytes, Instant.now());
    }

    // ---- unmapped --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"payout.completed", "payout.failed", "payout.done", "transfer.completed",
            "transfer.failed", "withdraw.done", "withdraw.failed"})
    void balanceMovementsAreUnmappedWithAReason(String event) {
        Normalization n = normalizer.normalize(json("{\"id\":\"log_x\",\"event\":\"" + event
                + "\",\"devMode\":false,\"data\":{\"transaction\":{\"id\":\"tran_1\",\"amount\":1000}}}"));

        assertThat(n.mapped()).isFalse();
        assertThat(n.type()).isNull();
        assertThat(n.providerEvent()).isEqualTo(event);
        assertThat(n.parkReason()).contains("payouts, transfers and withdrawals");
    }

    @Test
    void unknownEventIsUnmappedWithAReason() {
        Normalization n = normalizer.normalize(fixture("checkout.completed.json",
                b -> b.put("event", "checkout.expired")));

        assertThat(n.mapped()).isFalse();
        assertThat(n.providerEvent()).isEqualTo("checkout.expired");
        assertThat(n.parkReason()).isEqualTo("unknown AbacatePay event");
    }

    @Test
    void payloadsWithoutEventOrDataOrTheirObjectAreUnmapped() {
        assertThat(normalizer.normalize(json("{\"data\":{}}")).parkReason()).isEqualTo("no event field");
        assertThat(normalizer.normalize(json("{\"event\":\"checkout.completed\"}")).parkReason())
                .isEqualTo("no data object");
        assertThat(normalizer.normalize(json("{\"event\":\"checkout.completed\",\"data\":{}}")).parkReason())
                .isEqualTo("no data object");
        assertThat(normalizer.normalize(json("{\"event\":\"checkout.completed\",\"data\":{\"x\":1}}")).parkReason())
                .isEqualTo("no data.checkout object with an id");
        assertThat(normalizer.normalize(json("{\"event\":\"subscription.renewed\",\"data\":{\"x\":1}}")).parkReason())
                .isEqualTo("no data.subscription object");
        assertThat(normalizer.normalize(json("{\"event\":\"billing.paid\",\"data\":{\"x\":1}}")).parkReason())
                .isEqualTo("no data.billing or data.pixQrCode object with an id");
        assertThat(normalizer.normalize(fixture("checkout.completed.json", b -> at(b, "data", "checkout").remove("id")))
                .parkReason()).isEqualTo("no data.checkout object with an id");
        assertThat(normalizer.normalize(fixture("subscription.renewed.json", b -> data(b).remove("payment")))
                .parkReason()).isEqualTo("no data.payment object with an id");
        assertThat(normalizer.normalize(fixture("subscription.payment_failed.json", b -> data(b).remove("installmentId")))
                .parkReason()).isEqualTo("no data.installmentId");
        assertThat(normalizer.normalize(json("{\"event\":\"subscription.created\",\"data\":{\"x\":1}}")).mapped())
                .isFalse();
    }

    @Test
    void billingCreatedWithSeveralMethodsIsUnmapped() {
        Normalization n = normalizer.normalize(fixture("v1.billing.created.json",
                b -> at(b, "data", "billing").putArray("kind").add("PIX").add("CARD")));

        assertThat(n.mapped()).isFalse();
        assertThat(n.parkReason()).contains("single known payment method");
    }

    // ---- wrong types -----------------------------------------------------------------------------------------

    @Test
    void wrongTypesThrowNormalizationException() {
        List<Consumer<ObjectNode>> breakages = List.of(
                b -> at(b, "data", "checkout").putObject("amount"),
                b -> at(b, "data", "checkout").put("amount", "oito mil"),
                b -> at(b, "data", "checkout").put("amount", 89.9),
                b -> at(b, "data", "checkout").remove(List.of("amount", "paidAmount")),
                b -> at(b, "data", "checkout").put("currency", "real"),
                b -> at(b, "data", "checkout").put("installmentsCount", -1),
                b -> at(b, "data", "checkout").put("platformFee", "x"),
                b -> data(b).put("checkout", "bill_Lk3Vn8QwP2rT6yHs"),
                b -> at(b, "data", "checkout").put("methods", "PIX"),
                b -> at(b, "data", "checkout").putArray("methods").addObject(),
                b -> data(b).putArray("customer"),
                b -> at(b, "data", "customer").putObject("name"),
                b -> at(b, "data", "checkout").put("updatedAt", "ontem"),
                b -> at(b, "data", "checkout").put("updatedAt", true),
                b -> b.putObject("event").put("name", "checkout.completed"),
                b -> b.put("devMode", "talvez"),
                b -> b.put("data", "[]"),
                b -> at(b, "data", "payerInformation").putArray("method"),
                b -> at(b, "data", "checkout").put("installmentsCount", "duas"),
                b -> at(b, "data", "checkout").putArray("items").add("prod_1"));
        for (int i = 0; i < breakages.size(); i++) {
            ObjectNode body = fixture("checkout.completed.json", breakages.get(i));
            assertThat(catchThrowable(() -> normalizer.normalize(body))).as("breakage #%d", i)
                    .isInstanceOf(NormalizationException.class);
        }
    }

    static List<String> fixtures() {
        return Fixtures.names(PROVIDER);
    }

    /**
     * Every node of every fixture replaced in turn by a value of every JSON kind: the normalizer either maps it,
     * parks it, or throws NormalizationException; never another exception (no NPE, no ClassCastException).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void noOtherExceptionForAnyFieldOfTheWrongType(String name) {
        ObjectNode original = fixture(name);
        List<JsonNode> replacements = List.of(JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.textNode(""),
                JsonNodeFactory.instance.textNode("x"), JsonNodeFactory.instance.numberNode(-1),
                JsonNodeFactory.instance.numberNode(new java.math.BigDecimal("1.5")),
                JsonNodeFactory.instance.booleanNode(true), JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode().put("a", 1));
        List<List<Object>> paths = new ArrayList<>();
        collectPaths(original, new ArrayList<>(), paths);
        int tried = 0;
        for (List<Object> path : paths) {
            for (JsonNode replacement : replacements) {
                ObjectNode body = original.deepCopy();
                replace(body, path, replacement.deepCopy());
                try {
                    Normalization n = normalizer.normalize(body);
                    if (n.mapped()) {
                        EventSchema.assertValid(EventJson.mapper().valueToTree(assemble(body)));
                    }
                } catch (NormalizationException expected) {
                    // parked by the ingress
                } catch (RuntimeException e) {
                    fail(path + " = " + replacement + " threw " + e);
                }
                tried++;
            }
        }
        assertThat(tried).isGreaterThan(50);
    }

    private static void collectPaths(JsonNode node, List<Object> prefix, List<List<Object>> out) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(field -> {
                List<Object> path = new ArrayList<>(prefix);
                path.add(field);
                out.add(path);
                collectPaths(node.get(field), path, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> path = new ArrayList<>(prefix);
                path.add(i);
                out.add(path);
                collectPaths(node.get(i), path, out);
            }
        }
    }

    private static void replace(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = root;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }

    // ---- deterministic id ------------------------------------------------------------------------------------

    @Test
    void sameBytesGiveTheSameId() {
        assertThat(assemble(fixture("checkout.completed.json")).id())
                .isEqualTo(assemble(fixture("checkout.completed.json")).id())
                .isEqualTo("evt_925c3b249dfdc1e444260d477d38a03c");
    }

    @Test
    void aNewDeliveryIdGivesANewId() {
        String first = assemble(fixture("checkout.completed.json")).id();
        String other = assemble(fixture("checkout.completed.json", b -> b.put("id", "log_Other000000000"))).id();

        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void theEventNameIsPartOfTheId() {
        ObjectNode completed = fixture("checkout.completed.json");
        ObjectNode refunded = fixture("checkout.completed.json", b -> b.put("event", "checkout.refunded"));

        assertThat(assemble(refunded).id()).isNotEqualTo(assemble(completed).id());
    }

    @Test
    void withoutEnvelopeIdTheVersionIsUpdatedAtAndStatus() {
        // the transparent and checkout examples of the docs have no envelope id (events/transparent.mdx)
        ObjectNode paid = fixture("checkout.completed.json", b -> b.remove("id"));
        ObjectNode paidRetried = fixture("checkout.completed.json", b -> {
            b.remove("id");
            at(b, "data", "customer").put("name", "Beatriz A."); // other bytes, same state
        });
        ObjectNode refundedState = fixture("checkout.completed.json", b -> {
            b.remove("id");
            at(b, "data", "checkout").put("status", "REFUNDED");
        });
        ObjectNode laterUpdate = fixture("checkout.completed.json", b -> {
            b.remove("id");
            at(b, "data", "checkout").put("updatedAt", "2024-12-06T19:00:00.000Z");
        });

        Normalization n = normalizer.normalize(paid);
        assertThat(n.objectId()).isEqualTo("bill_Lk3Vn8QwP2rT6yHs");
        assertThat(n.version()).isEqualTo("2024-12-06T18:56:20.000Z|PAID");
        assertThat(assemble(paidRetried).id()).isEqualTo(assemble(paid).id());
        assertThat(assemble(refundedState).id()).isNotEqualTo(assemble(paid).id());
        assertThat(assemble(laterUpdate).id()).isNotEqualTo(assemble(paid).id());
    }

    @Test
    void withoutEnvelopeIdOrUpdatedAtTheBodyHashIsTheVersion() {
        ObjectNode body = fixture("v1.billing.paid.json", b -> b.remove("id"));

        assertThat(normalizer.normalize(body).version()).isNull();
        assertThat(assemble(body).id()).isEqualTo(assemble(body.deepCopy()).id());
        ObjectNode otherPayment = body.deepCopy();
        at(otherPayment, "data", "payment").put("amount", 8991);
        assertThat(assemble(otherPayment).id()).isNotEqualTo(assemble(body).id());
    }

    @Test
    void subscriptionPaymentFailedRetriesGetDistinctIdsWithoutEnvelopeId() {
        ObjectNode first = fixture("subscription.payment_failed.json", b -> b.remove("id"));
        ObjectNode second = fixture("subscription.payment_failed.json", b -> {
            b.remove("id");
            data(b).put("retryNumber", 2);
        });

        assertThat(normalizer.normalize(first).objectId()).isEqualTo("intl_Wz8Xc9Vb0Nm1Qa2S");
        assertThat(assemble(second).id()).isNotEqualTo(assemble(first).id());
    }

    // ---- mapping details -------------------------------------------------------------------------------------

    @Test
    void aRecurringCheckoutIsASubscriptionTransaction() {
        Consumer<ObjectNode> recurring = b -> at(b, "data", "checkout").put("frequency", "SUBSCRIPTION");

        assertThat(normalizer.normalize(fixture("checkout.completed.json", recurring)).type())
                .isEqualTo(EventTypes.SUBSCRIPTION_TRANSACTION_PAID);
        assertThat(normalizer.normalize(fixture("checkout.refunded.json", recurring)).type())
                .isEqualTo(EventTypes.SUBSCRIPTION_TRANSACTION_REFUNDED);
        assertThat(normalizer.normalize(fixture("checkout.disputed.json", recurring)).type())
                .isEqualTo(EventTypes.SUBSCRIPTION_TRANSACTION_DISPUTED);
        assertThat(normalizer.normalize(fixture("transparent.completed.json",
                b -> at(b, "data", "transparent").put("frequency", "SUBSCRIPTION"))).type())
                .isEqualTo(EventTypes.SUBSCRIPTION_TRANSACTION_PAID);
        assertThat(normalizer.normalize(fixture("v1.billing.paid.json",
                b -> at(b, "data", "billing").put("frequency", "MONTHLY"))).type())
                .isEqualTo(EventTypes.SUBSCRIPTION_TRANSACTION_PAID);
        assertThat(normalizer.normalize(fixture("v1.billing.created.json",
                b -> at(b, "data", "billing").put("frequency", "SUBSCRIPTION"))).type())
                .isEqualTo(EventTypes.SUBSCRIPTION_TRANSACTION_WAITING_PAYMENT);
        assertThat(normalizer.normalize(fixture("v1.billing.paid.json",
                b -> at(b, "data", "billing").put("frequency", "MULTIPLE_PAYMENTS"))).type())
                .isEqualTo(EventTypes.ORDER_PAID);
    }

    @Test
    void cardPaymentsCarryBrandAndLastFourDigits() {
        ObjectNode body = fixture("transparent.completed.json", b -> {
            at(b, "data", "transparent").putArray("methods").add("CARD");
            at(b, "data", "transparent").put("installmentsCount", 3);
            ObjectNode payer = data(b).putObject("payerInformation");
            payer.put("method", "CARD");
            payer.putObject("CARD").put("number", "1234").put("brand", "MASTERCARD");
        });

        Order order = normalizer.normalize(body).order();
        assertThat(order.paymentMethod()).isEqualTo(PaymentMethod.CREDIT_CARD);
        assertThat(order.card()).isEqualTo(new Order.Card("MASTERCARD", "1234"));
        assertThat(order.installments()).isEqualTo(3);
    }

    @Test
    void boletoAndPixHaveNoCardAndTheMethodFallsBackToMethods() {
        ObjectNode boleto = fixture("transparent.completed.json", b -> {
            at(b, "data", "transparent").putArray("methods").add("BOLETO");
            ObjectNode payer = data(b).putObject("payerInformation");
            payer.put("method", "BOLETO");
            payer.putObject("BOLETO").put("name", "Mariana Costa").put("taxId", "98*.***.***/0001-**");
        });
        ObjectNode withoutPayer = fixture("transparent.completed.json", b -> {
            data(b).remove("payerInformation");
            at(b, "data", "transparent").putArray("methods").add("CARD");
        });

        assertThat(normalizer.normalize(boleto).order().paymentMethod()).isEqualTo(PaymentMethod.BOLETO);
        assertThat(normalizer.normalize(boleto).order().card()).isNull();
        assertThat(normalizer.normalize(fixture("checkout.completed.json")).order().card()).isNull();
        assertThat(normalizer.normalize(withoutPayer).order().paymentMethod()).isEqualTo(PaymentMethod.CREDIT_CARD);
        assertThat(normalizer.normalize(withoutPayer).order().card()).isNull();
    }

    @Test
    void emptyOrNullCustomerIsNoCustomer() {
        ObjectNode emptyCustomer = fixture("checkout.completed.json", b -> data(b).set("customer",
                json("{\"id\":\"\",\"name\":null,\"email\":null,\"taxId\":null}")));
        ObjectNode nullCustomer = fixture("checkout.completed.json", b -> data(b).putNull("customer"));

        assertThat(normalizer.normalize(emptyCustomer).customer()).isNull();
        assertThat(normalizer.normalize(nullCustomer).customer()).isNull();
        assertThat(normalizer.normalize(nullCustomer).type()).isEqualTo(EventTypes.ORDER_PAID);
    }

    @Test
    void devModeOfTheEnvelopeOrOfTheTransparentChargeIsTestMode() {
        assertThat(normalizer.normalize(fixture("checkout.completed.json", b -> b.put("devMode", true))).testMode())
                .isTrue();
        // the transparent examples have devMode false on the envelope and true on the charge (events/transparent.mdx)
        assertThat(normalizer.normalize(fixture("transparent.completed.json",
                b -> at(b, "data", "transparent").put("devMode", true))).testMode()).isTrue();
        assertThat(normalizer.normalize(fixture("transparent.completed.json")).testMode()).isFalse();
        assertThat(normalizer.normalize(fixture("checkout.completed.json", b -> b.remove("devMode"))).testMode())
                .isFalse();
    }

    @Test
    void trialStartedIsAnActiveSubscriptionWhoseFirstChargeIsAtTheTrialEnd() {
        ObjectNode body = fixture("subscription.cancelled.json", b -> {
            b.put("event", "subscription.trial_started");
            ObjectNode subscription = at(b, "data", "subscription");
            subscription.put("status", "ACTIVE").put("trialDays", 7).put("trialEndsAt", "2024-11-11T23:59:59.999Z");
            subscription.putNull("canceledAt");
        });

        Normalization n = normalizer.normalize(body);
        assertThat(n.type()).isEqualTo(EventTypes.SUBSCRIPTION_ACTIVE);
        assertThat(n.order()).isNull();
        assertThat(n.subscription().status()).isEqualTo("active");
        assertThat(n.subscription().nextChargeAt()).isEqualTo(Instant.parse("2024-11-11T23:59:59Z"));
    }

    @Test
    void cancellationWithoutCanceledAtOccursAtTheUpdate() {
        Normalization n = normalizer.normalize(fixture("subscription.cancelled.json",
                b -> at(b, "data", "subscription").putNull("canceledAt")));

        assertThat(n.occurredAt()).isEqualTo(Instant.parse("2025-02-10T08:30:00Z"));
        assertThat(n.subscription().status()).isEqualTo("canceled");
    }

    @Test
    void subscriptionIntervalsAndStatuses() {
        assertThat(AbacatePayNormalizer.interval("MONTHLY")).isEqualTo("monthly");
        assertThat(AbacatePayNormalizer.interval("YEARLY")).isEqualTo("yearly");
        assertThat(AbacatePayNormalizer.interval("ANNUALLY")).isEqualTo("yearly");
        assertThat(AbacatePayNormalizer.interval("WEEKLY")).isEqualTo("weekly");
        assertThat(AbacatePayNormalizer.interval("QUARTERLY")).isEqualTo("quarterly");
        assertThat(AbacatePayNormalizer.interval("SEMIANNUALLY")).isEqualTo("semiannually");
        assertThat(AbacatePayNormalizer.interval("FORTNIGHTLY")).isEqualTo("fortnightly");
        assertThat(AbacatePayNormalizer.interval(null)).isNull();
        assertThat(AbacatePayNormalizer.subscriptionStatus("ACTIVE")).isEqualTo("active");
        assertThat(AbacatePayNormalizer.subscriptionStatus("CANCELLED")).isEqualTo("canceled");
        assertThat(AbacatePayNormalizer.subscriptionStatus("PAST_DUE")).isEqualTo("past_due");
    }

    @Test
    void v1CanceledSpellingMapsLikeV2() {
        Normalization n = normalizer.normalize(fixture("subscription.cancelled.json",
                b -> b.put("event", "subscription.canceled")));

        assertThat(n.type()).isEqualTo(EventTypes.SUBSCRIPTION_CANCELED);
        assertThat(n.providerEvent()).isEqualTo("subscription.canceled");
    }

    @Test
    void v1RefundedAndFailedBills() {
        ObjectNode refunded = fixture("v1.billing.paid.json", b -> {
            b.put("event", "billing.refunded");
            at(b, "data", "billing").put("status", "REFUNDED").put("updatedAt", "2024-12-09T13:02:44.120Z");
        });
        ObjectNode failed = fixture("v1.billing.created.json", b -> b.put("event", "billing.failed"));

        Normalization r = normalizer.normalize(refunded);
        assertThat(r.type()).isEqualTo(EventTypes.ORDER_REFUNDED);
        assertThat(r.order().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(r.order().refundedAt()).isEqualTo(Instant.parse("2024-12-09T13:02:44Z"));
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2024-12-09T13:02:44Z"));
        Normalization f = normalizer.normalize(failed);
        assertThat(f.type()).isEqualTo(EventTypes.ORDER_FAILED);
        assertThat(f.order().status()).isEqualTo(OrderStatus.FAILED);
        assertThat(f.order().paymentMethod()).isEqualTo(PaymentMethod.PIX);
    }

    @Test
    void v1PaidBillWithZeroPaidAmountTakesThePaymentAmount() {
        // real v1 captures: paidAmount 0 on a PAID bill (docs/providers/abacatepay.md)
        Normalization n = normalizer.normalize(fixture("v1.billing.paid.json", b -> {
            at(b, "data", "billing").put("paidAmount", 0);
            at(b, "data", "payment").put("amount", 8990);
        }));
        Normalization withoutPayment = normalizer.normalize(fixture("v1.billing.paid.json", b -> {
            at(b, "data", "billing").put("paidAmount", 0);
            data(b).remove("payment");
        }));

        assertThat(n.order().amountCents()).isEqualTo(8990);
        assertThat(withoutPayment.order().amountCents()).isEqualTo(8990);
        assertThat(withoutPayment.order().feeCents()).isNull();
        assertThat(withoutPayment.order().paymentMethod()).isEqualTo(PaymentMethod.PIX); // from kind
    }

    @Test
    void v1GenericExampleWithTheBillAsData() {
        // AbacatePay/documentation:pages/v1/webhooks.mdx, "Exemplo de webhook billing.paid (v1)"
        Normalization n = normalizer.normalize(json("""
                {"event":"billing.paid","devMode":false,"data":{"id":"bill_abc123","externalId":"pedido-123",
                 "amount":10000,"paidAmount":10000,"status":"PAID",
                 "customer":{"id":"cust_abc123","email":"customer@example.com"},
                 "createdAt":"2024-01-01T12:00:00.000Z","updatedAt":"2024-01-01T12:05:00.000Z"}}"""));

        assertThat(n.type()).isEqualTo(EventTypes.ORDER_PAID);
        assertThat(n.objectId()).isEqualTo("bill_abc123");
        assertThat(n.version()).isEqualTo("2024-01-01T12:05:00.000Z|PAID");
        assertThat(n.order().externalRef()).isEqualTo("pedido-123");
        assertThat(n.order().amountCents()).isEqualTo(10000);
        assertThat(n.order().paidAt()).isEqualTo(Instant.parse("2024-01-01T12:05:00Z"));
        assertThat(n.order().paymentMethod()).isNull();
        assertThat(n.customer().id()).isEqualTo("cust_abc123");
        assertThat(n.customer().email()).isEqualTo("customer@example.com");
        assertThat(n.customer().document()).isNull();
    }

    @Test
    void v1PixQrCodeCarriesItsQrCodeWhenSent() {
        Normalization n = normalizer.normalize(fixture("v1.billing.paid.pixQrCode.json", b -> at(b, "data", "pixQrCode")
                .put("brCode", "00020101021226950014br.gov.bcb.pix").put("expiresAt", "2025-03-25T21:50:20.772Z")));

        assertThat(n.order().pix()).isEqualTo(new Order.Pix("00020101021226950014br.gov.bcb.pix",
                Instant.parse("2025-03-25T21:50:20Z")));
    }

    @Test
    void everyFixtureEventIsValidAgainstTheSchema() {
        assertThat(fixtures()).hasSize(11);
        for (String name : fixtures()) {
            EventSchema.assertValid(EventJson.mapper().valueToTree(assemble(fixture(name))));
        }
    }
}
