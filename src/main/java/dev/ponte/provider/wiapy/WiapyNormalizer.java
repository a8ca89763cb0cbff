package dev.ponte.provider.wiapy;

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
import dev.ponte.provider.Fields;
import dev.ponte.provider.Normalization;
import dev.ponte.provider.PaymentMethods;
import dev.ponte.provider.ProviderNormalizer;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a Wiapy purchase notification (https://ajuda.wiapy.com/wiapy/produtor/integracoes/webhook) to the unified
 * event; the table with every field and its source is docs/providers/wiapy.md.
 */
public final class WiapyNormalizer extends ProviderNormalizer {

    static final PaymentMethods PAYMENT_METHODS = PaymentMethods.of(PaymentMethods.Reading.AS_SENT, Map.of(
            "pix", PaymentMethod.PIX, "boleto", PaymentMethod.BOLETO, "credit_card", PaymentMethod.CREDIT_CARD));

    public WiapyNormalizer(ZoneId zoneWhenNoOffset) {
        super(zoneWhenNoOffset);
    }

    @Override
    public Normalization normalize(ObjectNode body) {
        ObjectNode payment = Fields.object(body, "payment");
        if (payment == null) {
            return Normalization.unmapped(null, "no payment object");
        }
        String status = Fields.text(payment, "status");
        String paymentType = Fields.text(payment, "type");
        // Wiapy sends no event name: the state is payment.status, qualified by payment.type (our choice)
        String providerEvent = providerEvent(paymentType, status);
        if (status == null) {
            return Normalization.unmapped(providerEvent, "payment.status is missing");
        }
        Boolean belongsToSubscription = switch (paymentType == null ? "" : paymentType) {
            case "payment" -> false;
            case "subscription" -> true;
            default -> null;
        };
        if (belongsToSubscription == null) {
            return Normalization.unmapped(providerEvent, "payment.type is neither payment nor subscription");
        }
        OrderStatus orderStatus = orderStatus(status);
        if (orderStatus == null) {
            return Normalization.unmapped(providerEvent, "payment.status is not a status Wiapy documents");
        }
        PaymentMethod method = PAYMENT_METHODS.of(Fields.text(payment, "payment_method"));
        String type = switch (orderStatus) {
            case WAITING_PAYMENT -> EventTypes.waitingPayment(belongsToSubscription, method);
            case PAID -> EventTypes.payment(belongsToSubscription, "paid");
            case FAILED -> EventTypes.payment(belongsToSubscription, "failed");
            case REFUNDED -> EventTypes.payment(belongsToSubscription, "refunded");
            case DISPUTED -> EventTypes.payment(belongsToSubscription, "disputed");
            case CANCELED, ABANDONED -> null; // no Wiapy status maps to these
        };
        if (type == null) {
            return Normalization.unmapped(providerEvent, "unpaid order without a pix, boleto or credit_card method");
        }

        String paymentId = Fields.text(payment, "id");
        String updatedAtAsSent = Fields.text(payment, "dt_update");
        Instant updatedAt = time(payment, "dt_update");
        return Normalization.builder(type, providerEvent)
                .objectId(paymentId)
                // no payment id: null version, so the id falls back to the SHA-256 of the body
                .version(paymentId == null ? null : statusAndTime(status, updatedAtAsSent))
                .occurredAt(updatedAt)
                .order(order(body, payment, paymentId, orderStatus, method, updatedAt))
                .subscription(subscription(body))
                .customer(customer(body))
                .leadTracking(leadTracking(body))
                .build();
    }

    private static String providerEvent(String paymentType, String status) {
        if (paymentType == null) {
            return status;
        }
        return status == null ? paymentType : paymentType + "." + status;
    }

    private static OrderStatus orderStatus(String status) {
        // the five values of payment.status (https://ajuda.wiapy.com/wiapy/produtor/integracoes/webhook)
        return switch (status) {
            case "paid" -> OrderStatus.PAID;
            case "unpaid" -> OrderStatus.WAITING_PAYMENT;
            case "credit_card_declined" -> OrderStatus.FAILED;
            case "refunded" -> OrderStatus.REFUNDED;
            case "chargedback" -> OrderStatus.DISPUTED;
            default -> null;
        };
    }

    private Order order(ObjectNode body, ObjectNode payment, String paymentId, OrderStatus status,
                        PaymentMethod method, Instant updatedAt) {
        Long amount = Money.cents(Fields.at(payment, "amount"));
        if (amount == null) {
            throw new NormalizationException("payment.amount is missing");
        }
        Integer installments = nonNegative(Fields.integer(payment, "installments"), "payment.installments");
        // pix_boleto holds the PIX copy-and-paste code or the boleto barcode, whichever the method is
        ObjectNode pixBoleto = Fields.object(payment, "pix_boleto");
        String code = Fields.text(pixBoleto, "code");
        String url = Fields.text(pixBoleto, "url");
        Order.Pix pix = method == PaymentMethod.PIX && code != null ? new Order.Pix(code, null) : null;
        Order.Boleto boleto = method == PaymentMethod.BOLETO && (code != null || url != null)
                ? new Order.Boleto(code, url, null) : null;
        return new Order(
                paymentId,
                null,
                status,
                method,
                installments,
                "BRL",
                amount,
                null, // net: Wiapy does not say what the producer receives (docs/providers/wiapy.md)
                Money.cents(Fields.at(payment, "fee")),
                items(body),
                null,
                time(payment, "dt_create"),
                status == OrderStatus.PAID ? updatedAt : null,
                status == OrderStatus.REFUNDED ? updatedAt : null,
                null,
                null,
                null, // Wiapy sends no reason with credit_card_declined (docs/providers/wiapy.md)
                pix,
                boleto,
                null);
    }

    /**
     * One item per released product (products[] "lista todos os produtos liberados no checkout, inclusive
     * orderbumps adquiridos"). Prices sit on the checkout lines (checkout.amount, checkout.orderbump[].amount),
     * whose ids are not product ids, so a product gets a price only when the match is certain: a lone product
     * of a checkout without order bumps, or a title shared by exactly one product and one checkout line.
     */
    private static List<Item> items(ObjectNode body) {
        List<JsonNode> products = Fields.array(body, "products");
        if (products.isEmpty()) {
            return List.of();
        }
        ObjectNode checkout = Fields.object(body, "checkout");
        List<JsonNode> orderBumps = Fields.array(checkout, "orderbump");
        Long checkoutAmount = Money.cents(Fields.at(checkout, "amount"));

        Map<String, Long> priceByTitle = new HashMap<>();
        Map<String, Integer> linesByTitle = new HashMap<>();
        countLine(priceByTitle, linesByTitle, Fields.text(checkout, "title"), checkoutAmount);
        for (JsonNode bump : orderBumps) {
            countLine(priceByTitle, linesByTitle, Fields.text(bump, "title"), Money.cents(Fields.at(bump, "amount")));
        }
        Map<String, Integer> productsByTitle = new HashMap<>();
        for (JsonNode product : products) {
            String title = Fields.text(product, "title");
            if (title != null) {
                productsByTitle.merge(title, 1, Integer::sum);
            }
        }

        boolean loneProduct = products.size() == 1 && orderBumps.isEmpty();
        List<Item> items = new ArrayList<>(products.size());
        for (JsonNode product : products) {
            String title = Fields.text(product, "title");
            Long unitPrice = null;
            if (loneProduct) {
                unitPrice = checkoutAmount;
            } else if (title != null && productsByTitle.get(title) == 1 && linesByTitle.getOrDefault(title, 0) == 1) {
                unitPrice = priceByTitle.get(title);
            }
            // Wiapy sells digital products and sends no quantity: one of each (our choice)
            items.add(new Item(Fields.text(product, "id"), title, 1, unitPrice, Fields.text(product, "type")));
        }
        return items;
    }

    private static void countLine(Map<String, Long> priceByTitle, Map<String, Integer> linesByTitle, String title,
                                  Long amount) {
        if (title != null) {
            linesByTitle.merge(title, 1, Integer::sum);
            if (amount != null) {
                priceByTitle.put(title, amount);
            }
        }
    }

    /** The object's fields are not in the stored docs page: id, status, interval, next_charge are GUESSES. */
    private Subscription subscription(ObjectNode body) {
        // payment.type "payment" comes with "subscription": {} (Fields.object reads it as null)
        ObjectNode subscription = Fields.object(body, "subscription");
        if (subscription == null) {
            return null;
        }
        return new Subscription(
                Fields.text(subscription, "id"),
                Fields.text(subscription, "status"),
                Fields.text(subscription, "plan_id"),
                Fields.text(subscription, "plan_name"),
                Fields.text(subscription, "interval"),
                time(subscription, "next_charge"));
    }

    private static Customer customer(ObjectNode body) {
        ObjectNode customer = Fields.object(body, "customer");
        if (customer == null) {
            return null;
        }
        // document comes punctuated, sometimes wrongly ("123.456.678.90" in Wiapy's example): digits are kept
        return Customer.of(Fields.text(customer, "id"), Fields.text(customer, "name"), Fields.text(customer, "email"),
                Fields.text(customer, "document"), Fields.text(customer, "mobile_phone"), null);
    }

    private static LeadTracking leadTracking(ObjectNode body) {
        ObjectNode tracking = Fields.object(body, "tracking");
        if (tracking == null) {
            return null;
        }
        // tracking.useragent and tracking.fbc have no unified field: they stay in raw only
        return utm(tracking)
                .ip(Fields.text(tracking, "ip"))
                .metaFbp(Fields.text(tracking, "fbp"))
                .build();
    }
}
