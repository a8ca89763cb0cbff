package dev.ponte.provider.arkama;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Arkama postback 2.0.0 to the unified event. The event name is {@code "ORDER_" + sale status} or
 * {@code "CART_" + cart status} (Arkama's postback 2.0.0 example); the status after the prefix is looked up in
 * {@link #ORDER_STATUSES} / {@link #CART_STATUSES}, and a status found in neither is parked, never failed.
 * The table of every field is docs/providers/arkama.md.
 */
public final class ArkamaNormalizer extends EventNormalizer {

    static final String ORDER_PREFIX = "ORDER_";
    static final String CART_PREFIX = "CART_";

    /** What an Arkama sale status means, before the subscription and refund-type rules pick the unified type. */
    enum Outcome { PAID, WAITING_PAYMENT, FAILED, CANCELED, REFUNDED, DISPUTED }

    // Arkama's status tables are not in any stored copy of its postback page (docs/providers/arkama.md):
    // only order PAID and cart FINISHED are documented; every other name here is a GUESS. Add a line when a real
    // postback shows a new status.
    static final Map<String, Outcome> ORDER_STATUSES = Map.ofEntries(
            Map.entry("PAID", Outcome.PAID),
            Map.entry("PENDING", Outcome.WAITING_PAYMENT),
            Map.entry("WAITING_PAYMENT", Outcome.WAITING_PAYMENT),
            Map.entry("IN_ANALYSIS", Outcome.WAITING_PAYMENT),
            Map.entry("REFUSED", Outcome.FAILED),
            // both spellings: the status table is not stored, and docs/providers/arkama.md lists ORDER_CANCELED
            Map.entry("CANCELED", Outcome.CANCELED),
            Map.entry("CANCELLED", Outcome.CANCELED),
            Map.entry("REFUNDED", Outcome.REFUNDED),
            Map.entry("CHARGEBACK", Outcome.DISPUTED),
            Map.entry("PRE_CHARGEBACK", Outcome.DISPUTED));

    /** Cart status to unified type; a cart event always describes the cart, so only abandonment has a type. */
    static final Map<String, String> CART_STATUSES = Map.of(
            "ABANDONED", EventTypes.CART_ABANDONED);

    /** Events parked on purpose (they are understood, but no unified type fits), with the reason. */
    static final Map<String, String> PARKED_EVENTS = Map.of(
            "CART_FINISHED", "Arkama cart finished: the sale itself arrives as an ORDER_ event");

    // refund_type of a PIX MED (Banco Central dispute), Arkama's postback 2.0.0 example: "Compra contestada pelo comprador"
    private static final String PIX_MED_REFUND_TYPE = "BACEN_MED";

    // PIX is documented (Arkama's postback 2.0.0 example); CREDIT_CARD and BOLETO are GUESSES (docs/providers/arkama.md)
    static final PaymentMethods PAYMENT_METHODS = PaymentMethods.of(PaymentMethods.Reading.TRIMMED_UPPER_CASE,
            Map.of("PIX", PaymentMethod.PIX, "CREDIT_CARD", PaymentMethod.CREDIT_CARD, "BOLETO", PaymentMethod.BOLETO));

    /** @param zone zone of Arkama's offset-less timestamps ("2024-06-26 04:02:16"); Arkama does not document it */
    public ArkamaNormalizer(ZoneId zone) {
        super(zone, "Arkama postback without an event name");
    }

    @Override
    protected Normalization normalize(String event, ObjectNode body) {
        String name = event.trim().toUpperCase(Locale.ROOT);
        String parkReason = PARKED_EVENTS.get(name);
        if (parkReason != null) {
            return Normalization.unmapped(event, parkReason);
        }
        if (name.startsWith(ORDER_PREFIX)) {
            String status = name.substring(ORDER_PREFIX.length());
            Outcome outcome = ORDER_STATUSES.get(status);
            return outcome == null
                    ? Normalization.unmapped(event, "Arkama order status not in the mapping table")
                    : order(event, status, outcome, Fields.object(body, "data"));
        }
        if (name.startsWith(CART_PREFIX)) {
            String status = name.substring(CART_PREFIX.length());
            String type = CART_STATUSES.get(status);
            return type == null
                    ? Normalization.unmapped(event, "Arkama cart status not in the mapping table")
                    : cart(event, status, type, Fields.object(body, "data"));
        }
        return Normalization.unmapped(event, "not an Arkama ORDER_ or CART_ event");
    }

    private Normalization order(String event, String eventStatus, Outcome outcome, ObjectNode data) {
        ObjectNode order = Fields.object(data, "order");
        if (order == null) {
            throw new NormalizationException("data.order is missing");
        }
        ObjectNode cart = Fields.object(data, "cart");
        Subscription subscription = subscription(order);
        boolean recurring = subscription != null;
        PaymentMethod method = PAYMENT_METHODS.of(Fields.text(order, "paymentMethod"));
        String refundReason = Fields.text(order, "refund_reason");
        boolean pixMed = outcome == Outcome.REFUNDED
                && PIX_MED_REFUND_TYPE.equalsIgnoreCase(Fields.text(order, "refund_type"));
        Outcome effective = pixMed ? Outcome.DISPUTED : outcome;

        String type = switch (effective) {
            case PAID -> EventTypes.payment(recurring, "paid");
            case WAITING_PAYMENT -> EventTypes.waitingPayment(recurring, method);
            case FAILED -> EventTypes.payment(recurring, "failed");
            // one type for every canceled order: the spec has no subscription.transaction.canceled
            case CANCELED -> EventTypes.ORDER_CANCELED;
            case REFUNDED -> EventTypes.payment(recurring, "refunded");
            case DISPUTED -> EventTypes.payment(recurring, "disputed");
        };
        if (type == null) {
            return Normalization.unmapped(event, "pending Arkama order whose paymentMethod is not PIX, CREDIT_CARD "
                    + "or BOLETO: no waiting_payment type");
        }

        Instant createdAt = time(order, "created_at");
        Instant paidAt = time(order, "paid_at");
        Instant refundedAt = time(order, "refunded_at");
        Instant updatedAt = time(order, "updated_at");
        Instant occurredAt = switch (effective) {
            case PAID -> firstNonNull(paidAt, updatedAt);
            case REFUNDED -> firstNonNull(refundedAt, updatedAt);
            // a PIX MED is a refund forced by the Banco Central: refunded_at is when the money went back
            case DISPUTED -> pixMed ? firstNonNull(refundedAt, updatedAt) : firstNonNull(updatedAt, refundedAt);
            case WAITING_PAYMENT, FAILED, CANCELED -> firstNonNull(updatedAt, createdAt);
        };

        Splits splits = splits(order);
        List<Item> items = items(cart);
        Order unified = new Order(
                Fields.text(order, "id"),
                Fields.text(order, "externalRef"),
                status(effective),
                method,
                nonNegative(Fields.integer(order, "installments"), "data.order.installments"),
                "BRL",
                orderAmount(order),
                splits.producerCents(),
                splits.platformCents(),
                items,
                // cart.url is the checkout page (/pay/<plan>/<cart>, Arkama's postback 2.0.0 example); order.url only without a cart
                firstNonNull(Fields.text(cart, "url"), Fields.text(order, "url")),
                createdAt,
                paidAt,
                refundedAt,
                effective == Outcome.REFUNDED ? refundReason : null,
                effective == Outcome.DISPUTED ? refundReason : null,
                // Arkama documents no refusal reason (docs/providers/arkama.md)
                null,
                pix(order),
                boleto(order),
                null);

        String objectStatus = firstNonNull(Fields.text(order, "status"), eventStatus);
        return identified(Normalization.builder(type, event), unified.id(), Fields.text(order, "updated_at"),
                objectStatus)
                .occurredAt(occurredAt)
                .testMode(false)
                .order(unified)
                .subscription(subscription)
                .customer(customer(cart))
                .leadTracking(leadTracking(cart))
                .build();
    }

    private Normalization cart(String event, String eventStatus, String type, ObjectNode data) {
        ObjectNode cart = Fields.object(data, "cart");
        if (cart == null) {
            throw new NormalizationException("data.cart is missing");
        }
        List<Item> items = items(cart);
        Instant createdAt = time(cart, "created_at");
        Order unified = new Order(
                Fields.text(cart, "id"), null, OrderStatus.ABANDONED, null, null, "BRL", cartAmount(items),
                null, null, items, Fields.text(cart, "url"), createdAt, null, null, null, null, null, null, null, null);

        String objectStatus = firstNonNull(Fields.text(cart, "status"), eventStatus);
        return identified(Normalization.builder(type, event), unified.id(), Fields.text(cart, "updated_at"),
                objectStatus)
                .occurredAt(firstNonNull(time(cart, "updated_at"), createdAt))
                .testMode(false)
                .order(unified)
                .customer(customer(cart))
                .leadTracking(leadTracking(cart))
                .build();
    }

    /**
     * Object id and version of the deterministic event id: the object's updated_at and status as sent. Without an
     * object id both stay null, so the id falls back to the body's hash instead of colliding across objects.
     */
    private static Normalization.Builder identified(Normalization.Builder builder, String objectId, String updatedAt,
                                                    String status) {
        if (objectId == null) {
            return builder;
        }
        String version = Stream.of(updatedAt, status).filter(Objects::nonNull).reduce((a, b) -> a + "|" + b)
                .orElse(null);
        return builder.objectId(objectId).version(version);
    }

    private static OrderStatus status(Outcome outcome) {
        return switch (outcome) {
            case PAID -> OrderStatus.PAID;
            case WAITING_PAYMENT -> OrderStatus.WAITING_PAYMENT;
            case FAILED -> OrderStatus.FAILED;
            case CANCELED -> OrderStatus.CANCELED;
            case REFUNDED -> OrderStatus.REFUNDED;
            case DISPUTED -> OrderStatus.DISPUTED;
        };
    }

    // total_value is what the buyer pays (value plus installment interest), value the price (docs/providers/arkama.md)
    private static long orderAmount(ObjectNode order) {
        Long total = Money.reaisToCents(Fields.at(order, "total_value"));
        Long value = total != null ? total : Money.reaisToCents(Fields.at(order, "value"));
        if (value == null) {
            throw new NormalizationException("data.order.total_value and data.order.value are missing");
        }
        return value;
    }

    private record Splits(Long platformCents, Long producerCents) {
    }

    // splits[].type PLATFORM is Arkama's fee, PRODUCER what the seller receives (Arkama's postback 2.0.0 example)
    private static Splits splits(ObjectNode order) {
        Long platform = null;
        Long producer = null;
        for (JsonNode split : Fields.array(order, "splits")) {
            String type = Fields.text(split, "type");
            Long cents = Money.reaisToCents(Fields.at(split, "amount"));
            if (type == null || cents == null) {
                continue;
            }
            switch (type.trim().toUpperCase(Locale.ROOT)) {
                case "PLATFORM" -> platform = add(platform, cents);
                case "PRODUCER" -> producer = add(producer, cents);
                default -> { }
            }
        }
        return new Splits(platform, producer);
    }

    private static List<Item> items(ObjectNode cart) {
        List<Item> items = new ArrayList<>();
        for (JsonNode line : Fields.array(cart, "items")) {
            if (Fields.absent(line)) {
                continue;
            }
            items.add(new Item(
                    Fields.text(line, "product", "id"),
                    Fields.text(line, "product", "name"),
                    nonNegative(Fields.integer(line, "quantity"), "data.cart.items[].quantity"),
                    Money.reaisToCents(Fields.at(line, "unitPrice")),
                    null));
        }
        return items;
    }

    /** An abandoned cart has no order total: the sum of its lines, a line without quantity counting once. */
    private static long cartAmount(List<Item> items) {
        if (items.isEmpty()) {
            throw new NormalizationException("data.cart.items is empty: no amount for the abandoned cart");
        }
        long total = 0;
        for (Item item : items) {
            if (item.unitPriceCents() == null) {
                throw new NormalizationException("data.cart.items[].unitPrice is missing");
            }
            try {
                total = Math.addExact(total, Math.multiplyExact(item.unitPriceCents(),
                        (long) (item.quantity() == null ? 1 : item.quantity())));
            } catch (ArithmeticException e) {
                throw new NormalizationException("data.cart.items amount out of range");
            }
        }
        return total;
    }

    private Subscription subscription(ObjectNode order) {
        if (Fields.at(order, "subscription").isTextual()) {
            String id = Fields.text(order, "subscription");
            return id == null ? null : new Subscription(id, null, null, null, null, null);
        }
        ObjectNode subscription = Fields.object(order, "subscription");
        if (subscription == null) {
            return null;
        }
        // the object's fields are a GUESS: Arkama's doc only shows "subscription": null (docs/providers/arkama.md)
        return new Subscription(
                Fields.text(subscription, "id"),
                lowerCase(Fields.text(subscription, "status")),
                Fields.text(subscription, "plan", "id"),
                Fields.text(subscription, "plan", "name"),
                lowerCase(Fields.text(subscription, "interval")),
                time(subscription, "next_charge_at"));
    }

    // pix.payload is the copy-and-paste code (Arkama's postback 2.0.0 example); no expiry is documented, expires_at is a GUESS
    private Order.Pix pix(ObjectNode order) {
        return pix(Fields.object(order, "pix"), "payload", "expires_at");
    }

    // no boleto block is documented (docs/providers/arkama.md): field names mirror the pix block's style, a GUESS
    private Order.Boleto boleto(ObjectNode order) {
        return boleto(Fields.object(order, "boleto"), "barcode", "url", "expires_at");
    }

    private static Customer customer(ObjectNode cart) {
        ObjectNode customer = Fields.object(cart, "customer");
        if (customer == null) {
            return null;
        }
        return Customer.of(Fields.text(customer, "id"), Fields.text(customer, "name"), Fields.text(customer, "email"),
                Fields.text(customer, "document"), Fields.text(customer, "cellphone"),
                address(Fields.object(customer, "address")));
    }

    // the documented example (Arkama's postback 2.0.0 example) sends an address whose fields are all null: that is no address
    private static Customer.Address address(ObjectNode address) {
        return Fields.address(address, "cep");
    }

    private static LeadTracking leadTracking(ObjectNode cart) {
        ObjectNode metadata = Fields.object(cart, "metadata");
        return utm(metadata)
                .src(Fields.text(metadata, "src"))
                .ip(Fields.text(cart, "ip"))
                .build();
    }

    private static Long add(Long sum, long cents) {
        try {
            return sum == null ? cents : Math.addExact(sum, cents);
        } catch (ArithmeticException e) {
            throw new NormalizationException("data.order.splits amount out of range");
        }
    }
}
