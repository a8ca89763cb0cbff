package dev.ponte.provider.cakto;

import dev.ponte.event.EventTypes;
import dev.ponte.event.OrderStatus;
import dev.ponte.event.PaymentMethod;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Cakto events that carry the order form of {@code data} and map to a unified type (docs/providers/cakto.md
 * has the table and the sources). For each: the unified type (a function of "belongs to a subscription"), the
 * order status to use when {@code data.status} is absent, where {@code occurred_at} comes from, and which
 * timestamp goes into the event id's version. Paths are relative to the (main) order; the first present wins.
 */
enum CaktoEvent {

    PURCHASE_APPROVED("purchase_approved", OrderStatus.PAID, sub -> EventTypes.payment(sub, "paid"),
            List.of("paidAt"), List.of("paidAt", "createdAt")),
    PURCHASE_REFUSED("purchase_refused", OrderStatus.FAILED, sub -> EventTypes.payment(sub, "failed"),
            List.of("createdAt"), List.of("createdAt")),
    PIX_GERADO("pix_gerado", OrderStatus.WAITING_PAYMENT, sub -> EventTypes.waitingPayment(sub, PaymentMethod.PIX),
            List.of("createdAt"), List.of("createdAt")),
    BOLETO_GERADO("boleto_gerado", OrderStatus.WAITING_PAYMENT,
            sub -> EventTypes.waitingPayment(sub, PaymentMethod.BOLETO), List.of("createdAt"), List.of("createdAt")),
    // no order.waiting_payment.other in the spec: only a subscription charge maps (to the method-less type)
    PICPAY_GERADO("picpay_gerado", OrderStatus.WAITING_PAYMENT,
            sub -> EventTypes.waitingPayment(sub, PaymentMethod.OTHER), List.of("createdAt"), List.of("createdAt")),
    OPENFINANCE_NUBANK_GERADO("openfinance_nubank_gerado", OrderStatus.WAITING_PAYMENT,
            sub -> EventTypes.waitingPayment(sub, PaymentMethod.OTHER), List.of("createdAt"), List.of("createdAt")),
    REFUND("refund", OrderStatus.REFUNDED, sub -> EventTypes.payment(sub, "refunded"),
            List.of("refundedAt"), List.of("refundedAt")),
    CHARGEBACK("chargeback", OrderStatus.DISPUTED, sub -> EventTypes.payment(sub, "disputed"),
            List.of("chargedbackAt"), List.of("chargedbackAt")),
    // subscription_* events reuse an order's data.id: the subscription's updatedAt versions them
    SUBSCRIPTION_CREATED("subscription_created", OrderStatus.PAID, sub -> EventTypes.SUBSCRIPTION_ACTIVE,
            List.of("subscription.createdAt", "paidAt", "createdAt"),
            List.of("subscription.updatedAt", "subscription.createdAt", "paidAt", "createdAt")),
    SUBSCRIPTION_RENEWED("subscription_renewed", OrderStatus.PAID, sub -> EventTypes.SUBSCRIPTION_TRANSACTION_PAID,
            List.of("paidAt", "subscription.updatedAt"), List.of("subscription.updatedAt", "paidAt")),
    SUBSCRIPTION_RENEWAL_REFUSED("subscription_renewal_refused", OrderStatus.FAILED,
            sub -> EventTypes.SUBSCRIPTION_TRANSACTION_FAILED,
            List.of("subscription.updatedAt", "createdAt"), List.of("subscription.updatedAt", "createdAt")),
    SUBSCRIPTION_CANCELED("subscription_canceled", OrderStatus.CANCELED, sub -> EventTypes.SUBSCRIPTION_CANCELED,
            List.of("subscription.canceledAt", "subscription.updatedAt"),
            List.of("subscription.updatedAt", "subscription.canceledAt"));

    /** Documented events with no unified type: parked with this reason (docs/providers/cakto.md). */
    static final Map<String, String> PARKED = Map.of(
            "initiate_checkout", "checkout started: no unified type (only an abandoned checkout maps)",
            "refund_requested", "refund requested, not yet carried out: no unified type (the refund itself arrives"
                    + " as 'refund')",
            "subscription_late", "subscription past due: no unified type",
            "subscription_late_recovered", "past-due subscription recovered: no unified type (its charge is"
                    + " reported by the payment events)",
            "subscription_paused", "subscription paused: no unified type",
            "subscription_resumed", "subscription resumed: no unified type",
            "trial", "subscription trial: no unified type");

    private static final Map<String, CaktoEvent> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(e -> e.wireName, e -> e));

    final String wireName;
    final OrderStatus impliedStatus;
    private final Function<Boolean, String> type;
    final List<String> occurredAt;
    final List<String> versionTime;

    CaktoEvent(String wireName, OrderStatus impliedStatus, Function<Boolean, String> type, List<String> occurredAt,
               List<String> versionTime) {
        this.wireName = wireName;
        this.impliedStatus = impliedStatus;
        this.type = type;
        this.occurredAt = occurredAt;
        this.versionTime = versionTime;
    }

    static Optional<CaktoEvent> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The unified type, or null when this event has none for this kind of payment. */
    String type(boolean belongsToSubscription) {
        return type.apply(belongsToSubscription);
    }
}
