package dev.ponte.provider.cakto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.Customer;
import dev.ponte.event.EventTypes;
import dev.ponte.event.Item;
import dev.ponte.event.LeadTracking;
import dev.ponte.event.Money;
import dev.ponte.event.NormalizationException;
import dev.ponte.event.Order;
import dev.ponte.event.OrderStatus;
import dev.ponte.event.PaymentMethod;
import dev.ponte.event.Subscription;
import dev.ponte.provider.EventNormalizer;
import dev.ponte.provider.Fields;
import dev.ponte.provider.Normalization;
import dev.ponte.provider.PaymentMethods;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Cakto's {@code {secret, event, data}} to the unified event. The mapping, field by field and with its sources,
 * is docs/providers/cakto.md. Two shapes of {@code data}: the order form (an object, or a list under Webhook V2)
 * for every event but {@code checkout_abandonment}, which has its own flat shape
 * ("checkout_abandonment usa uma forma própria", https://docs.cakto.com.br/conceitos/webhooks).
 */
public final class CaktoNormalizer extends EventNormalizer {

    static final String CHECKOUT_ABANDONMENT = "checkout_abandonment";

    /** Order statuses, https://docs.cakto.com.br/api-reference/orders/retrieve.md ("Status do Pedido"). */
    static final Map<String, OrderStatus> ORDER_STATUSES = Map.ofEntries(
            Map.entry("waiting_payment", OrderStatus.WAITING_PAYMENT),
            Map.entry("processing", OrderStatus.WAITING_PAYMENT),
            Map.entry("authorized", OrderStatus.WAITING_PAYMENT),
            Map.entry("partially_paid", OrderStatus.WAITING_PAYMENT),
            Map.entry("scheduled", OrderStatus.WAITING_PAYMENT),
            Map.entry("retrying", OrderStatus.WAITING_PAYMENT),
            Map.entry("paid", OrderStatus.PAID),
            Map.entry("refund_requested", OrderStatus.PAID),
            Map.entry("in_settlement", OrderStatus.REFUNDED),
            Map.entry("refunded", OrderStatus.REFUNDED),
            Map.entry("refused", OrderStatus.FAILED),
            Map.entry("blocked", OrderStatus.FAILED),
            Map.entry("chargedback", OrderStatus.DISPUTED),
            Map.entry("canceled", OrderStatus.CANCELED));

    /** Subscription {@code recurrence_period} is in days (Notion webhook examples: 30 for a monthly plan). */
    static final Map<Integer, String> INTERVALS = Map.ofEntries(
            Map.entry(1, "daily"),
            Map.entry(7, "weekly"),
            Map.entry(14, "biweekly"),
            Map.entry(15, "biweekly"),
            Map.entry(30, "monthly"),
            Map.entry(31, "monthly"),
            Map.entry(60, "bimonthly"),
            Map.entry(90, "quarterly"),
            Map.entry(180, "semiannual"),
            Map.entry(365, "yearly"),
            Map.entry(366, "yearly"));

    static final PaymentMethods PAYMENT_METHODS = PaymentMethods.of(PaymentMethods.Reading.LOWER_CASE, Map.of(
            "pix", PaymentMethod.PIX, "boleto", PaymentMethod.BOLETO, "credit_card", PaymentMethod.CREDIT_CARD));

    public CaktoNormalizer(ZoneId zoneWhenNoOffset) {
        super(zoneWhenNoOffset, "no 'event' in the body");
    }

    @Override
    protected Normalization normalize(String event, ObjectNode body) {
        String parkReason = CaktoEvent.PARKED.get(event);
        if (parkReason != null) {
            return Normalization.unmapped(event, parkReason);
        }
        JsonNode data = Fields.at(body, "data");
        if (Fields.absent(data)) {
            return Normalization.unmapped(event, "no 'data' in the body");
        }
        if (CHECKOUT_ABANDONMENT.equals(event)) {
            return abandonedCheckout(event, data);
        }
        return CaktoEvent.byName(event)
                .map(known -> orderEvent(known, data))
                .orElseGet(() -> Normalization.unmapped(event, "unknown Cakto event"));
    }

    private Normalization orderEvent(CaktoEvent event, JsonNode data) {
        CaktoOrderList list = CaktoOrderList.of(data);
        if (list == null) {
            return Normalization.unmapped(event.wireName, "data holds no order");
        }
        ObjectNode main = list.main();
        boolean subscriptionPayment = belongsToSubscription(main);
        String type = event.type(subscriptionPayment);
        if (type == null) {
            return Normalization.unmapped(event.wireName, "no unified type for a one-off charge waiting for"
                    + " payment by a method other than pix, boleto or card");
        }
        String nativeStatus = Fields.text(main, "status");
        OrderStatus status = nativeStatus == null ? event.impliedStatus : ORDER_STATUSES.get(nativeStatus);
        if (status == null) {
            return Normalization.unmapped(event.wireName, "unknown Cakto order status: " + abbreviate(nativeStatus));
        }
        Long amountCents = sum(list.orders(), element -> Money.reaisToCents(Fields.at(element, "amount")));
        if (amountCents == null) {
            return Normalization.unmapped(event.wireName, "an order has no data.amount");
        }
        PaymentMethod method = PAYMENT_METHODS.of(Fields.text(main, "paymentMethod"));
        Order order = new Order(
                Fields.text(main, "id"),
                // refId is Cakto's own short code shown to the buyer (Notion webhook docs), not a merchant reference
                null,
                status,
                method,
                nonNegative(Fields.integer(main, "installments"), "data.installments"),
                // Cakto sends BRL; offer.currency appears on checkout_abandonment only
                currency(main, "offer", "currency"),
                amountCents,
                sum(list.orders(), CaktoNormalizer::netCents),
                sum(list.orders(), element -> Money.reaisToCents(Fields.at(element, "fees"))),
                list.orders().stream().map(CaktoNormalizer::item).toList(),
                Fields.text(main, "checkoutUrl"),
                time(main, "createdAt"),
                time(main, "paidAt"),
                time(main, "refundedAt"),
                refundReason(event, main),
                event == CaktoEvent.CHARGEBACK ? Fields.text(main, "reason") : null,
                // the refusal text of purchase_refused / subscription_renewal_refused is data.reason (NOTION)
                event.impliedStatus == OrderStatus.FAILED ? Fields.text(main, "reason") : null,
                method == null || method == PaymentMethod.PIX ? pix(main) : null,
                method == null || method == PaymentMethod.BOLETO ? boleto(main) : null,
                method == null || method == PaymentMethod.CREDIT_CARD ? card(main) : null);
        boolean withSubscription = subscriptionPayment || event.wireName.startsWith("subscription_");
        String objectId = order.id();
        return Normalization.builder(type, event.wireName)
                .objectId(objectId)
                .version(objectId == null ? null : statusAndTime(nativeStatus, firstText(main, event.versionTime)))
                .occurredAt(time(firstText(main, event.occurredAt)))
                .order(order)
                .subscription(withSubscription ? subscription(main) : null)
                .customer(customer(Fields.object(main, "customer"), Fields.object(main, "address")))
                .leadTracking(leadTracking(main))
                .build();
    }

    /**
     * Cakto's own "Testar" payload always carries {@code subscription}, even for a one-off product
     * (https://burly-level-c93.notion.site/Webhooks-pt-br-13c5b1d7878780d792f0fcda3411955c), so the product's
     * type decides when it is sent.
     */
    private static boolean belongsToSubscription(ObjectNode order) {
        String productType = Fields.text(order, "product", "type");
        if (productType != null) {
            return productType.equals("subscription");
        }
        return Fields.object(order, "subscription") != null;
    }

    // Flat shape, no id and no amount (faabio3131/fm-vendedor-recuperacao-vendas:apps/api/tests/test_cakto_official.py)
    private Normalization abandonedCheckout(String event, JsonNode data) {
        if (!data.isObject()) {
            return Normalization.unmapped(event, "checkout_abandonment data is not an object");
        }
        Long priceCents = Money.reaisToCents(Fields.at(data, "offer", "price"));
        if (priceCents == null) {
            return Normalization.unmapped(event, "checkout_abandonment has no offer.price");
        }
        String offerId = Fields.text(data, "offer", "id");
        String email = Fields.text(data, "customerEmail");
        String createdAt = Fields.text(data, "createdAt");
        Instant created = time(createdAt);
        Order order = new Order(null, null, OrderStatus.ABANDONED, null, null, currency(data, "offer", "currency"),
                priceCents, null, null, List.of(item(data)), Fields.text(data, "checkoutUrl"), created, null, null, null, null, null, null,
                null, null);
        String name = Fields.text(data, "customerName");
        Customer customer = Customer.of(null, name, email, null, Fields.text(data, "customerCellphone"), null);
        if (name == null && email == null && customer.phoneNumbers().isEmpty()) {
            customer = null;
        }
        String objectId = offerId == null && email == null ? null : nullToEmpty(offerId) + ":" + nullToEmpty(email);
        return Normalization.builder(EventTypes.CART_ABANDONED, event)
                .objectId(objectId)
                .version(objectId == null ? null : createdAt)
                .occurredAt(created)
                .order(order)
                .customer(customer)
                .leadTracking(leadTracking((ObjectNode) data))
                .build();
    }

    /** The first present value among dotted paths ({@code subscription.updatedAt}). */
    private static String firstText(ObjectNode order, List<String> paths) {
        for (String path : paths) {
            String value = Fields.text(order, path.split("\\."));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The producer's commission where Cakto sends it, else amount minus fees. */
    private static Long netCents(ObjectNode order) {
        Long producer = null;
        List<JsonNode> commissions = Fields.array(order, "commissions");
        for (int i = 0; i < commissions.size(); i++) {
            JsonNode commission = commissions.get(i);
            if (!commission.isObject()) {
                throw new NormalizationException("data.commissions[" + i + "] is not an object");
            }
            if ("producer".equals(Fields.text(commission, "type"))) {
                Long cents = Money.reaisToCents(Fields.at(commission, "totalAmount"));
                if (cents != null) {
                    producer = producer == null ? cents : producer + cents;
                }
            }
        }
        if (producer != null) {
            return producer;
        }
        Long amount = Money.reaisToCents(Fields.at(order, "amount"));
        Long fees = Money.reaisToCents(Fields.at(order, "fees"));
        return amount == null || fees == null ? null : amount - fees;
    }

    /** The total over every order, or null when any order lacks the value (a partial sum would mislead). */
    private static Long sum(List<ObjectNode> orders, Function<ObjectNode, Long> value) {
        long total = 0;
        for (ObjectNode order : orders) {
            Long cents = value.apply(order);
            if (cents == null) {
                return null;
            }
            total = Math.addExact(total, cents);
        }
        return total;
    }

    /** One line per order: the product bought, at the offer's price. */
    private static Item item(JsonNode order) {
        String id = Fields.text(order, "product", "id");
        String name = Fields.text(order, "product", "name");
        return new Item(id != null ? id : Fields.text(order, "offer", "id"),
                name != null ? name : Fields.text(order, "offer", "name"),
                1,
                Money.reaisToCents(Fields.at(order, "offer", "price")),
                null);
    }

    private static String refundReason(CaktoEvent event, ObjectNode order) {
        String reason = Fields.text(order, "refund_reason");
        if (reason == null && event == CaktoEvent.REFUND) {
            return Fields.text(order, "reason");
        }
        return reason;
    }

    private Order.Pix pix(ObjectNode order) {
        return pix(Fields.object(order, "pix"), "qrCode", "expirationDate");
    }

    // Field names other than boletoUrl are a guess (docs/providers/cakto.md)
    private Order.Boleto boleto(ObjectNode order) {
        return boleto(Fields.object(order, "boleto"), "barcode", "boletoUrl", "expirationDate");
    }

    private static Order.Card card(ObjectNode order) {
        ObjectNode card = Fields.object(order, "card");
        if (card == null) {
            return null;
        }
        String brand = Fields.text(card, "brand");
        String last4 = Fields.text(card, "lastDigits");
        return brand == null && last4 == null ? null : new Order.Card(brand, last4);
    }

    private Subscription subscription(ObjectNode order) {
        ObjectNode subscription = Fields.object(order, "subscription");
        if (subscription == null) {
            return null;
        }
        // subscription.offer is the offer's id (Notion examples); the offer is the plan
        String planId = idOf(Fields.at(subscription, "offer"), "subscription.offer");
        Integer periodDays = Fields.integer(subscription, "recurrence_period");
        return new Subscription(
                Fields.text(subscription, "id"),
                Fields.text(subscription, "status"),
                planId != null ? planId : Fields.text(order, "offer", "id"),
                Fields.text(order, "offer", "name"),
                periodDays == null ? null : INTERVALS.get(periodDays),
                time(subscription, "next_payment_date"));
    }

    private static String idOf(JsonNode value, String path) {
        if (value.isObject()) {
            return Fields.text(value, "id");
        }
        if (Fields.absent(value) || value.isValueNode()) {
            return Fields.text(value);
        }
        throw new NormalizationException(path + " is not an id");
    }

    private static Customer customer(ObjectNode customer, ObjectNode address) {
        if (customer == null) {
            return null;
        }
        return Customer.of(Fields.text(customer, "id"), Fields.text(customer, "name"), Fields.text(customer, "email"),
                Fields.text(customer, "docNumber"), Fields.text(customer, "phone"), address(address));
    }

    // data.address appears in the event_history example (https://docs.cakto.com.br/api-reference/webhooks/event-history)
    private static Customer.Address address(ObjectNode address) {
        return Fields.address(address, "zipcode");
    }

    private static LeadTracking leadTracking(ObjectNode data) {
        return utm(data)
                .sck(Fields.text(data, "sck"))
                .metaFbp(Fields.text(data, "fbp"))
                .build();
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
