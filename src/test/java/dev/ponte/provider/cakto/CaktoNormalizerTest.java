package dev.ponte.provider.cakto;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.DocumentType;
import dev.ponte.event.EventJson;
import dev.ponte.event.NormalizationException;
import dev.ponte.event.OrderStatus;
import dev.ponte.event.PaymentMethod;
import dev.ponte.ingress.EventAssembler;
import dev.ponte.provider.Normalization;
import dev.ponte.provider.ProviderSettings;
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
import static org.assertj.core.api.Assertions.tuple;

class CaktoNormalizerTest {

    private final CaktoProvider provider = new CaktoProvider(
            new ProviderSettings(List.of(CaktoGoldenTest.FIXTURE_SECRET), null, null));

    private static ObjectNode fixture(String name) {
        return parse(Fixtures.bytes(CaktoProvider.NAME, name));
    }

    private static ObjectNode parse(byte[] bytes) {
        try {
            return (ObjectNode) EventJson.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A fixture with {@code event} renamed and {@code data} edited. */
    private static ObjectNode variant(String fixture, String event, Consumer<ObjectNode> editData) {
        ObjectNode body = fixture(fixture);
        if (event != null) {
            body.put("event", event);
        }
        editData.accept((ObjectNode) body.get("data"));
        return body;
    }

    private Normalization normalize(ObjectNode body) {
        return provider.normalizer().normalize(body);
    }

    private String eventId(ObjectNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        return EventAssembler.assemble(provider, normalize(body), body, bytes, Instant.now()).id();
    }

    private static void asOneOff(ObjectNode data) {
        ((ObjectNode) data.get("product")).put("type", "unique");
        data.putNull("subscription");
    }

    private static void asSubscriptionCharge(ObjectNode data) {
        ((ObjectNode) data.get("product")).put("type", "subscription");
        data.set("subscription", fixture("subscription_renewed.json").get("data").get("subscription").deepCopy());
    }

    // ---- event table ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "purchase_approved, order.paid, subscription.transaction.paid",
            "purchase_refused, order.failed, subscription.transaction.failed",
            "pix_gerado, order.waiting_payment.pix, subscription.transaction.waiting_payment",
            "boleto_gerado, order.waiting_payment.boleto, subscription.transaction.waiting_payment",
            "refund, order.refunded, subscription.transaction.refunded",
            "chargeback, order.disputed, subscription.transaction.disputed",
            "subscription_created, subscription.active, subscription.active",
            "subscription_renewed, subscription.transaction.paid, subscription.transaction.paid",
            "subscription_renewal_refused, subscription.transaction.failed, subscription.transaction.failed",
            "subscription_canceled, subscription.canceled, subscription.canceled"})
    void eachOrderEventMapsByWhetherThePaymentBelongsToASubscription(String event, String oneOffType,
                                                                     String subscriptionType) {
        Normalization oneOff = normalize(variant("purchase_approved.json", event, CaktoNormalizerTest::asOneOff));
        assertThat(oneOff.type()).isEqualTo(oneOffType);
        assertThat(oneOff.providerEvent()).isEqualTo(event);
        Normalization charge = normalize(variant("purchase_approved.json", event,
                CaktoNormalizerTest::asSubscriptionCharge));
        assertThat(charge.type()).isEqualTo(subscriptionType);
        assertThat(charge.subscription().id()).isEqualTo("d464132a-fcfa-4693-a6aa-a99483f06740");
    }

    @ParameterizedTest
    @ValueSource(strings = {"picpay_gerado", "openfinance_nubank_gerado"})
    void otherMethodsWaitingForPaymentAreParkedUnlessTheyAreASubscriptionCharge(String event) {
        Consumer<ObjectNode> picpay = data -> {
            data.put("status", "waiting_payment");
            data.put("paymentMethod", event.replace("_gerado", ""));
        };
        Normalization oneOff = normalize(variant("pix_gerado.json", event, picpay.andThen(CaktoNormalizerTest::asOneOff)));
        assertThat(oneOff.mapped()).isFalse();
        assertThat(oneOff.providerEvent()).isEqualTo(event);
        assertThat(oneOff.parkReason()).contains("other than pix, boleto or card");

        Normalization charge = normalize(variant("pix_gerado.json", event,
                picpay.andThen(CaktoNormalizerTest::asSubscriptionCharge)));
        assertThat(charge.type()).isEqualTo("subscription.transaction.waiting_payment");
        assertThat(charge.order().paymentMethod()).isEqualTo(PaymentMethod.OTHER);
        assertThat(charge.order().pix()).as("a block of another method is not copied").isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "initiate_checkout, checkout started",
            "refund_requested, refund requested",
            "subscription_late, past due",
            "subscription_late_recovered, past-due subscription recovered",
            "subscription_paused, paused",
            "subscription_resumed, resumed",
            "trial, trial"})
    void documentedEventsWithoutUnifiedTypeAreParkedWithAReason(String event, String reason) {
        Normalization n = normalize(variant("purchase_approved.json", event, data -> { }));
        assertThat(n.mapped()).isFalse();
        assertThat(n.type()).isNull();
        assertThat(n.providerEvent()).isEqualTo(event);
        assertThat(n.parkReason()).contains(reason);
    }

    @Test
    void unknownOrMissingEventIsParked() {
        Normalization unknown = normalize(variant("purchase_approved.json", "purchase_teleported", data -> { }));
        assertThat(unknown.mapped()).isFalse();
        assertThat(unknown.providerEvent()).isEqualTo("purchase_teleported");
        assertThat(unknown.parkReason()).isEqualTo("unknown Cakto event");

        ObjectNode noEvent = fixture("purchase_approved.json");
        noEvent.remove("event");
        assertThat(normalize(noEvent).parkReason()).isEqualTo("no 'event' in the body");
        assertThat(normalize(noEvent).providerEvent()).isNull();

        ObjectNode noData = fixture("purchase_approved.json");
        noData.remove("data");
        assertThat(normalize(noData).parkReason()).isEqualTo("no 'data' in the body");
        assertThat(normalize(parse("{\"event\":\"purchase_approved\",\"data\":{}}")).parkReason())
                .isEqualTo("data holds no order");
        assertThat(normalize(parse("{\"event\":\"purchase_approved\",\"data\":[]}")).parkReason())
                .isEqualTo("data holds no order");
    }

    // ---- statuses ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "waiting_payment, WAITING_PAYMENT",
            "processing, WAITING_PAYMENT",
            "authorized, WAITING_PAYMENT",
            "partially_paid, WAITING_PAYMENT",
            "scheduled, WAITING_PAYMENT",
            "retrying, WAITING_PAYMENT",
            "paid, PAID",
            "refund_requested, PAID",
            "in_settlement, REFUNDED",
            "refunded, REFUNDED",
            "refused, FAILED",
            "blocked, FAILED",
            "chargedback, DISPUTED",
            "canceled, CANCELED"})
    void everyDocumentedOrderStatusHasAnOrderStatus(String nativeStatus, OrderStatus expected) {
        Normalization n = normalize(variant("subscription_canceled.json", null, d -> d.put("status", nativeStatus)));
        assertThat(n.type()).isEqualTo("subscription.canceled");
        assertThat(n.order().status()).isEqualTo(expected);
    }

    @Test
    void unknownStatusIsParkedAndAbsentStatusFollowsTheEvent() {
        Normalization unknown = normalize(variant("purchase_approved.json", null, d -> d.put("status", "teleported")));
        assertThat(unknown.mapped()).isFalse();
        assertThat(unknown.parkReason()).isEqualTo("unknown Cakto order status: teleported");

        assertThat(normalize(variant("refund.json", null, d -> d.remove("status"))).order().status())
                .isEqualTo(OrderStatus.REFUNDED);
        assertThat(normalize(variant("chargeback.json", null, d -> d.putNull("status"))).order().status())
                .isEqualTo(OrderStatus.DISPUTED);
    }

    // ---- Webhook V2: data as a list --------------------------------------------------------------------------

    /** Two order bumps first, the main order last, as in the real capture of docs/providers/cakto.md */
    private static final String V2_LIST = """
            {"secret":"b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37","event":"purchase_approved","data":[
              {"id":"bump-1-id","refId":"Bmp0001","offer_type":"orderbump","parent_order":"7QmZp2K",
               "customer":{"name":"Outra Pessoa","email":"bump@exemplo.com","phone":"11911112222"},
               "offer":{"id":"ofBump1","name":"Apostila de Recheios","price":27.9},
               "product":{"id":"prod-bump-1","name":"Apostila de Recheios","type":"unique"},
               "status":"paid","amount":27.9,"fees":2.1,"paymentMethod":"pix","installments":1,
               "commissions":[{"user":"p@exemplo.com","totalAmount":25.8,"percentage":100.0,"type":"producer"}],
               "paidAt":"2024-05-22T14:31:07.482113-03:00","createdAt":"2024-05-22T14:29:55.118204-03:00"},
              {"id":"bump-2-id","refId":"Bmp0002","offer_type":"orderbump","parent_order":"7QmZp2K",
               "offer":{"id":"ofBump2","name":"Planilha de Custos","price":"19.90"},
               "product":{"id":"prod-bump-2","name":"Planilha de Custos","type":"unique"},
               "status":"paid","amount":19.9,"fees":1.5,"paymentMethod":"pix","installments":1,
               "commissions":[{"user":"p@exemplo.com","totalAmount":18.4,"percentage":100.0,"type":"producer"}],
               "paidAt":"2024-05-22T14:31:07.482113-03:00","createdAt":"2024-05-22T14:29:55.118204-03:00"},
              {"id":"3f0c2b1e-6a4d-4c1f-9b7e-2d5a8e9f1c30","refId":"7QmZp2K","offer_type":"main","parent_order":"",
               "customer":{"name":"Mariana Costa Ribeiro","email":"mariana.ribeiro@exemplo.com.br",
                           "phone":"5511987654321","docNumber":"390.533.447-05"},
               "offer":{"id":"kR4tW9x","name":"Curso Completo de Confeitaria","price":197.0},
               "product":{"id":"b6f2e0a4-1c3d-4e5f-8a9b-0c1d2e3f4a5b","name":"Curso Completo de Confeitaria",
                          "type":"unique"},
               "checkoutUrl":"https://pay.cakto.com.br/kR4tW9x",
               "status":"paid","amount":197.0,"fees":10.43,"paymentMethod":"pix","installments":1,
               "commissions":[{"user":"p@exemplo.com","totalAmount":186.57,"percentage":100.0,"type":"producer"},
                              {"user":"a@exemplo.com","totalAmount":0.0,"percentage":0.0,"type":"affiliate"}],
               "utm_source":"facebook","sck":"fb_ads_07",
               "paidAt":"2024-05-22T14:31:07.482113-03:00","createdAt":"2024-05-22T14:29:55.118204-03:00",
               "pix":{"qrCode":"000201","expirationDate":"2024-05-22 18:29:55.118204+00:00"}}
            ]}""";

    @Test
    void aV2ListIsOneEventOfTheMainOrderWithEveryItemAndSummedAmounts() {
        Normalization n = normalize(parse(V2_LIST));
        assertThat(n.type()).isEqualTo("order.paid");
        assertThat(n.objectId()).isEqualTo("3f0c2b1e-6a4d-4c1f-9b7e-2d5a8e9f1c30");
        assertThat(n.order().id()).isEqualTo("3f0c2b1e-6a4d-4c1f-9b7e-2d5a8e9f1c30");
        assertThat(n.order().amountCents()).isEqualTo(19700 + 2790 + 1990);
        assertThat(n.order().feeCents()).isEqualTo(1043 + 210 + 150);
        assertThat(n.order().netAmountCents()).isEqualTo(18657 + 2580 + 1840);
        assertThat(n.order().items()).extracting("id", "name", "quantity", "unitPriceCents").containsExactly(
                tuple("prod-bump-1", "Apostila de Recheios", 1, 2790L),
                tuple("prod-bump-2", "Planilha de Custos", 1, 1990L),
                tuple("b6f2e0a4-1c3d-4e5f-8a9b-0c1d2e3f4a5b", "Curso Completo de Confeitaria", 1, 19700L));
        assertThat(n.order().checkoutUrl()).isEqualTo("https://pay.cakto.com.br/kR4tW9x");
        assertThat(n.order().pix().qrCode()).isEqualTo("000201");
        assertThat(n.customer().email()).as("customer of the main order").isEqualTo("mariana.ribeiro@exemplo.com.br");
        assertThat(n.customer().document()).isEqualTo("39053344705");
        assertThat(n.customer().documentType()).isEqualTo(DocumentType.CPF);
        assertThat(n.leadTracking().sck()).isEqualTo("fb_ads_07");
        assertThat(n.occurredAt()).isEqualTo(Instant.parse("2024-05-22T17:31:07Z"));
        assertThat(n.version()).isEqualTo("paid|2024-05-22T14:31:07.482113-03:00");
    }

    @Test
    void offerTypeMainDecidesEvenWhenNoElementNamesAParent() {
        ObjectNode body = parse(V2_LIST);
        body.get("data").forEach(o -> ((ObjectNode) o).put("parent_order", ""));
        assertThat(normalize(body).order().id()).isEqualTo("3f0c2b1e-6a4d-4c1f-9b7e-2d5a8e9f1c30");
    }

    @Test
    void withoutOfferTypeTheMainOrderIsTheOneWithoutParentElseTheFirst() {
        ObjectNode body = parse(V2_LIST);
        ArrayNode orders = (ArrayNode) body.get("data");
        orders.forEach(o -> ((ObjectNode) o).remove("offer_type"));
        assertThat(normalize(body).order().id()).isEqualTo("3f0c2b1e-6a4d-4c1f-9b7e-2d5a8e9f1c30");

        orders.forEach(o -> ((ObjectNode) o).put("parent_order", "X"));
        assertThat(normalize(body).order().id()).isEqualTo("bump-1-id");
    }

    @Test
    void aV2ListWithAnElementLackingFeesHasNoFeeRatherThanAPartialSum() {
        ObjectNode body = parse(V2_LIST);
        ((ObjectNode) body.get("data").get(1)).remove("fees");
        ((ObjectNode) body.get("data").get(1)).remove("commissions");
        Normalization n = normalize(body);
        assertThat(n.order().amountCents()).isEqualTo(24480);
        assertThat(n.order().feeCents()).isNull();
        assertThat(n.order().netAmountCents()).isNull();
    }

    @Test
    void aV2ListElementThatIsNotAnObjectIsANormalizationError() {
        ObjectNode body = parse(V2_LIST);
        ((ArrayNode) body.get("data")).add(42);
        assertThatThrownBy(() -> normalize(body)).isInstanceOf(NormalizationException.class)
                .hasMessage("data[3] is not an object");
    }

    // ---- fields -----------------------------------------------------------------------------------------------

    @Test
    void netAmountIsTheProducerCommissionWhenAnAffiliateTakesAShare() {
        Normalization n = normalize(variant("purchase_approved.json", null, d -> {
            ArrayNode commissions = d.putArray("commissions");
            commissions.addObject().put("type", "affiliate").put("totalAmount", new java.math.BigDecimal("66.57"));
            commissions.addObject().put("type", "producer").put("totalAmount", new java.math.BigDecimal("120.00"));
        }));
        assertThat(n.order().netAmountCents()).isEqualTo(12000);
        assertThat(n.order().feeCents()).isEqualTo(1043);
    }

    @Test
    void netAmountFallsBackToAmountMinusFeesWithoutAProducerCommission() {
        Normalization n = normalize(variant("purchase_approved.json", null, d -> d.remove("commissions")));
        assertThat(n.order().netAmountCents()).isEqualTo(19700 - 1043);
        Normalization affiliateOnly = normalize(variant("purchase_approved.json", null, d -> d.putArray("commissions")
                .addObject().put("type", "affiliate").put("totalAmount", 50)));
        assertThat(affiliateOnly.order().netAmountCents()).isEqualTo(19700 - 1043);
    }

    @Test
    void addressIsMappedWhenCaktoSendsIt() {
        Normalization n = normalize(variant("purchase_approved.json", null, d -> d.putObject("address")
                .put("street", "Rua das Flores").put("number", 120).putNull("complement")
                .put("neighborhood", "Centro").put("city", "São Paulo").put("state", "SP").put("country", "BR")
                .put("zipcode", "01001-000")));
        var address = n.customer().address();
        assertThat(address.zipCode()).isEqualTo("01001-000");
        assertThat(address.street()).isEqualTo("Rua das Flores");
        assertThat(address.number()).isEqualTo("120");
        assertThat(address.complement()).isNull();
        assertThat(address.city()).isEqualTo("São Paulo");
        assertThat(address.country()).isEqualTo("BR");
        assertThat(normalize(variant("purchase_approved.json", null, d -> d.putObject("address"))).customer().address())
                .isNull();
        assertThat(normalize(fixture("purchase_approved.json")).customer().address()).isNull();
    }

    @Test
    void boletoBlockAndOtherMethods() {
        Normalization boleto = normalize(variant("pix_gerado.json", "boleto_gerado", d -> {
            d.put("paymentMethod", "boleto");
            d.putNull("pix");
            d.putObject("boleto").put("barcode", "23793381286000000000000000000000000000000000")
                    .put("boletoUrl", "https://pay.cakto.com.br/boleto/abc")
                    .put("expirationDate", "2024-05-26");
        }));
        assertThat(boleto.type()).isEqualTo("order.waiting_payment.boleto");
        assertThat(boleto.order().paymentMethod()).isEqualTo(PaymentMethod.BOLETO);
        assertThat(boleto.order().boleto().barcode()).isEqualTo("23793381286000000000000000000000000000000000");
        assertThat(boleto.order().boleto().url()).isEqualTo("https://pay.cakto.com.br/boleto/abc");
        assertThat(boleto.order().boleto().expiresAt()).isEqualTo(Instant.parse("2024-05-26T03:00:00Z"));
        assertThat(boleto.order().pix()).isNull();

        assertThat(normalize(variant("purchase_approved.json", null, d -> d.put("paymentMethod", "picpay")))
                .order().paymentMethod()).isEqualTo(PaymentMethod.OTHER);
        assertThat(normalize(variant("purchase_approved.json", null, d -> d.putNull("paymentMethod")))
                .order().paymentMethod()).isNull();
    }

    @Test
    void caktoTestPayloadWithEveryBlockAndASubscriptionStaysAOneOffOrder() {
        // the "Testar" payload carries card, boleto, pix and subscription at once (Notion webhook docs)
        Normalization n = normalize(variant("chargeback.json", "purchase_approved", d -> {
            d.put("status", "paid");
            d.set("subscription", fixture("subscription_created.json").get("data").get("subscription"));
            d.set("pix", fixture("pix_gerado.json").get("data").get("pix"));
            d.putObject("boleto").put("boletoUrl", "https://example.com/b");
        }));
        assertThat(n.type()).isEqualTo("order.paid");
        assertThat(n.subscription()).isNull();
        assertThat(n.order().card().last4()).isEqualTo("4821");
        assertThat(n.order().pix()).isNull();
        assertThat(n.order().boleto()).isNull();
    }

    @Test
    void refundReasonFallsBackToReasonOnARefund() {
        Normalization n = normalize(variant("refund.json", null, d -> {
            d.putNull("refund_reason");
            d.put("reason", "Produto com defeito");
        }));
        assertThat(n.order().refundReason()).isEqualTo("Produto com defeito");
        assertThat(n.order().disputeReason()).isNull();
        assertThat(n.order().failureReason()).isNull();
        Normalization refused = normalize(fixture("purchase_refused.json"));
        assertThat(refused.order().refundReason()).isNull();
        assertThat(refused.order().disputeReason()).isNull();
    }

    @Test
    void theRefusalReasonOfARefusedPaymentIsTheFailureReason() {
        Normalization refused = normalize(fixture("purchase_refused.json"));
        assertThat(refused.type()).isEqualTo("order.failed");
        assertThat(refused.order().failureReason()).isEqualTo("Transação negada pelo emissor");
        Normalization renewal = normalize(variant("purchase_refused.json", "subscription_renewal_refused",
                d -> d.put("reason", "Saldo insuficiente")));
        assertThat(renewal.type()).isEqualTo("subscription.transaction.failed");
        assertThat(renewal.order().failureReason()).isEqualTo("Saldo insuficiente");
        Normalization noReason = normalize(variant("purchase_refused.json", null, d -> d.putNull("reason")));
        assertThat(noReason.order().failureReason()).isNull();
        // reason means something else on other events: never a failure reason there
        assertThat(normalize(fixture("chargeback.json")).order().failureReason()).isNull();
        assertThat(normalize(fixture("purchase_approved.json")).order().failureReason()).isNull();
    }

    @ParameterizedTest
    @CsvSource(value = {"7, weekly", "30, monthly", "90, quarterly", "180, semiannual", "365, yearly", "45, NULL"},
            nullValues = "NULL")
    void recurrencePeriodInDaysBecomesTheInterval(int days, String interval) {
        Normalization n = normalize(variant("subscription_created.json", null,
                d -> ((ObjectNode) d.get("subscription")).put("recurrence_period", days)));
        assertThat(n.subscription().interval()).isEqualTo(interval);
    }

    @Test
    void timesWithoutOffsetAreSaoPauloAndAConfiguredZoneIsHonoured() {
        ObjectNode body = variant("purchase_approved.json", null, d -> d.put("paidAt", "2024-05-22 14:31:07"));
        assertThat(normalize(body).occurredAt()).isEqualTo(Instant.parse("2024-05-22T17:31:07Z"));
        CaktoProvider utc = new CaktoProvider(new ProviderSettings(List.of("s"), null, java.time.ZoneOffset.UTC));
        assertThat(utc.normalizer().normalize(body).occurredAt()).isEqualTo(Instant.parse("2024-05-22T14:31:07Z"));
    }

    @Test
    void abandonedCheckoutWithoutEmailOrPrice() {
        Normalization noPrice = normalize(variant("checkout_abandonment.json", null,
                d -> ((ObjectNode) d.get("offer")).remove("price")));
        assertThat(noPrice.mapped()).isFalse();
        assertThat(noPrice.parkReason()).isEqualTo("checkout_abandonment has no offer.price");

        Normalization noCustomer = normalize(variant("checkout_abandonment.json", null, d -> {
            d.remove("customerEmail");
            d.remove("customerName");
            d.remove("customerCellphone");
        }));
        assertThat(noCustomer.type()).isEqualTo("cart.abandoned");
        assertThat(noCustomer.customer()).isNull();
        assertThat(noCustomer.objectId()).isEqualTo("kR4tW9x:");

        ObjectNode list = fixture("checkout_abandonment.json");
        list.putArray("data").add(fixture("checkout_abandonment.json").get("data"));
        assertThat(normalize(list).parkReason()).isEqualTo("checkout_abandonment data is not an object");
    }

    // ---- wrong types: NormalizationException (parked by the ingress), never another exception ---------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "purchase_approved.json | amount | \"cento e noventa\"",
            "purchase_approved.json | amount | {\"value\":197}",
            "purchase_approved.json | fees | [10.43]",
            "purchase_approved.json | paidAt | \"ontem\"",
            "purchase_approved.json | paidAt | true",
            "purchase_approved.json | customer | \"Mariana\"",
            "purchase_approved.json | pix | \"000201\"",
            "chargeback.json | card | [1]",
            "purchase_approved.json | offer | 197",
            "purchase_approved.json | commissions | {\"type\":\"producer\"}",
            "purchase_approved.json | commissions | [\"producer\"]",
            "purchase_approved.json | installments | \"1x\"",
            "purchase_approved.json | status | {\"code\":\"paid\"}",
            "subscription_renewed.json | subscription | \"d464132a\"",
            "purchase_approved.json | address | \"Rua das Flores\"",
            "purchase_approved.json | utm_source | {\"a\":1}",
            "checkout_abandonment.json | offer | \"kR4tW9x\"",
            "checkout_abandonment.json | createdAt | 1.5",
            "checkout_abandonment.json | customerEmail | [\"a@b.c\"]"})
    void aFieldOfTheWrongTypeIsANormalizationException(String fixture, String field, String json) {
        ObjectNode body = fixture(fixture);
        ((ObjectNode) body.get("data")).set(field, parse("{\"v\":" + json + "}").get("v"));
        assertThatThrownBy(() -> normalize(body)).isInstanceOf(NormalizationException.class);
    }

    @Test
    void aBlockOfAnotherPaymentMethodIsIgnoredEvenIfMalformed() {
        Normalization n = normalize(variant("purchase_approved.json", null, d -> d.put("card", "not a card")));
        assertThat(n.type()).isEqualTo("order.paid");
        assertThat(n.order().card()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a list, maybe\"", "42", "true"})
    void dataThatIsNeitherObjectNorListIsANormalizationException(String data) {
        ObjectNode body = parse("{\"event\":\"purchase_approved\",\"data\":" + data + "}");
        assertThatThrownBy(() -> normalize(body)).isInstanceOf(NormalizationException.class)
                .hasMessage("data is neither an object nor a list");
    }

    @Test
    void eventOfTheWrongTypeIsANormalizationException() {
        ObjectNode body = fixture("purchase_approved.json");
        body.putObject("event").put("name", "purchase_approved");
        assertThatThrownBy(() -> normalize(body)).isInstanceOf(NormalizationException.class);
    }

    @Test
    void missingAmountIsParked() {
        Normalization n = normalize(variant("purchase_approved.json", null, d -> d.remove("amount")));
        assertThat(n.mapped()).isFalse();
        assertThat(n.parkReason()).isEqualTo("an order has no data.amount");
    }

    // ---- deterministic id -------------------------------------------------------------------------------------

    @Test
    void theSameDeliveryGetsTheSameId() {
        for (String fixture : Fixtures.names(CaktoProvider.NAME)) {
            assertThat(eventId(fixture(fixture))).as(fixture).isEqualTo(eventId(fixture(fixture)));
        }
        assertThat(eventId(parse(V2_LIST))).isEqualTo(eventId(parse(V2_LIST)));
    }

    @Test
    void aNewStateGetsANewId() {
        String paid = eventId(fixture("purchase_approved.json"));
        assertThat(eventId(variant("purchase_approved.json", null, d -> d.put("status", "authorized"))))
                .isNotEqualTo(paid);
        assertThat(eventId(variant("purchase_approved.json", null,
                d -> d.put("paidAt", "2024-05-22T14:31:08.000000-03:00")))).isNotEqualTo(paid);
        assertThat(eventId(variant("refund.json", null, d -> d.put("refundedAt", "2024-05-29T10:05:33-03:00"))))
                .isNotEqualTo(eventId(fixture("refund.json")));
        assertThat(eventId(variant("subscription_renewed.json", null,
                d -> ((ObjectNode) d.get("subscription")).put("updatedAt", "2024-07-11T09:00:00-03:00"))))
                .isNotEqualTo(eventId(fixture("subscription_renewed.json")));
        assertThat(eventId(variant("checkout_abandonment.json", null,
                d -> d.put("createdAt", "2024-05-25T08:00:00-03:00"))))
                .isNotEqualTo(eventId(fixture("checkout_abandonment.json")));
        assertThat(eventId(variant("checkout_abandonment.json", null,
                d -> d.put("customerEmail", "outra@exemplo.com"))))
                .isNotEqualTo(eventId(fixture("checkout_abandonment.json")));
    }

    @Test
    void fieldsOutsideTheStateDoNotChangeTheId() {
        assertThat(eventId(variant("purchase_approved.json", null, d -> d.put("utm_term", "novo"))))
                .isEqualTo(eventId(fixture("purchase_approved.json")));
    }

    @Test
    void differentEventsOnTheSameOrderGetDifferentIds() {
        // subscription_created reuses the first order's data.id; purchase_approved for that order is another event
        ObjectNode created = fixture("subscription_created.json");
        ObjectNode approved = fixture("subscription_created.json").put("event", "purchase_approved");
        assertThat(eventId(created)).isNotEqualTo(eventId(approved));
        assertThat(normalize(created).objectId()).isEqualTo(normalize(approved).objectId());
    }

    @Test
    void versionsFollowTheStateTimestampOfEachEvent() {
        assertThat(normalize(fixture("refund.json")).version())
                .isEqualTo("refunded|2024-05-28T10:05:33.910021-03:00");
        assertThat(normalize(fixture("chargeback.json")).version())
                .isEqualTo("chargedback|2024-06-19T16:44:02.003311-03:00");
        assertThat(normalize(fixture("pix_gerado.json")).version())
                .isEqualTo("waiting_payment|2024-05-23T09:12:40.551902-03:00");
        assertThat(normalize(fixture("subscription_canceled.json")).version())
                .isEqualTo("scheduled|2024-07-25T20:02:11.336005-03:00");
        assertThat(normalize(fixture("checkout_abandonment.json")).objectId())
                .isEqualTo("kR4tW9x:paulo.dias@exemplo.com");
        assertThat(normalize(fixture("checkout_abandonment.json")).version())
                .isEqualTo("2024-05-24T21:47:03.220981-03:00");
    }

    @Test
    void withoutIdOrTimesTheRawBodyDecides() {
        Normalization n = normalize(variant("purchase_approved.json", null, d -> {
            d.remove("id");
            d.remove("status");
            d.remove("paidAt");
            d.remove("createdAt");
        }));
        assertThat(n.objectId()).isNull();
        assertThat(n.version()).isNull();
        Consumer<ObjectNode> stripped = d -> {
            d.remove("id");
            d.remove("status");
            d.remove("paidAt");
            d.remove("createdAt");
        };
        ObjectNode one = variant("purchase_approved.json", null, stripped);
        ObjectNode other = variant("purchase_approved.json", null, stripped.andThen(d -> d.put("utm_term", "x")));
        assertThat(eventId(one)).isEqualTo(eventId(one.deepCopy())).isNotEqualTo(eventId(other));
    }

    @Test
    void rawKeepsEverythingButTheSecret() {
        ObjectNode body = fixture("purchase_approved.json");
        var event = EventAssembler.assemble(provider, normalize(body), body,
                body.toString().getBytes(StandardCharsets.UTF_8), Instant.now());
        assertThat(event.raw().has("secret")).isFalse();
        assertThat(event.raw().get("event").asText()).isEqualTo("purchase_approved");
        assertThat(event.raw().get("data")).isEqualTo(body.get("data"));
        assertThat(body.has("secret")).as("the request body itself is untouched").isTrue();
    }

    @Test
    void negativeInstallmentsAreParkedNotPublishedAgainstTheSchema() {
        ObjectNode body = fixture("purchase_approved.json");
        ((ObjectNode) body.get("data")).put("installments", -1);
        assertThatThrownBy(() -> normalize(body)).isInstanceOf(NormalizationException.class)
                .hasMessage("data.installments is negative");
    }
}
