package dev.ponte.event;

import java.util.List;

/** Every unified event type (unified-event.md, "Event types"); each is also a routing key. */
public final class EventTypes {

    public static final String ORDER_PAID = "order.paid";
    public static final String ORDER_WAITING_PAYMENT_PIX = "order.waiting_payment.pix";
    public static final String ORDER_WAITING_PAYMENT_BOLETO = "order.waiting_payment.boleto";
    public static final String ORDER_WAITING_PAYMENT_CREDIT_CARD = "order.waiting_payment.credit_card";
    public static final String ORDER_REFUNDED = "order.refunded";
    public static final String ORDER_DISPUTED = "order.disputed";
    public static final String ORDER_FAILED = "order.failed";
    /** An unpaid order the provider canceled (status {@code canceled}); paid orders are refunded instead. */
    public static final String ORDER_CANCELED = "order.canceled";
    public static final String SUBSCRIPTION_ACTIVE = "subscription.active";
    public static final String SUBSCRIPTION_CANCELED = "subscription.canceled";
    public static final String SUBSCRIPTION_TRANSACTION_WAITING_PAYMENT = "subscription.transaction.waiting_payment";
    public static final String SUBSCRIPTION_TRANSACTION_PAID = "subscription.transaction.paid";
    public static final String SUBSCRIPTION_TRANSACTION_REFUNDED = "subscription.transaction.refunded";
    public static final String SUBSCRIPTION_TRANSACTION_DISPUTED = "subscription.transaction.disputed";
    public static final String SUBSCRIPTION_TRANSACTION_FAILED = "subscription.transaction.failed";
    public static final String CART_ABANDONED = "cart.abandoned";

    public static final List<String> ALL = List.of(ORDER_PAID, ORDER_WAITING_PAYMENT_PIX, ORDER_WAITING_PAYMENT_BOLETO,
            ORDER_WAITING_PAYMENT_CREDIT_CARD, ORDER_REFUNDED, ORDER_DISPUTED, ORDER_FAILED, ORDER_CANCELED, SUBSCRIPTION_ACTIVE,
            SUBSCRIPTION_CANCELED, SUBSCRIPTION_TRANSACTION_WAITING_PAYMENT, SUBSCRIPTION_TRANSACTION_PAID,
            SUBSCRIPTION_TRANSACTION_REFUNDED, SUBSCRIPTION_TRANSACTION_DISPUTED, SUBSCRIPTION_TRANSACTION_FAILED,
            CART_ABANDONED);

    private EventTypes() {
    }

    /** {@code order.<suffix>} or {@code subscription.transaction.<suffix>}: the spec's subscription rule. */
    public static String payment(boolean belongsToSubscription, String suffix) {
        return (belongsToSubscription ? "subscription.transaction." : "order.") + suffix;
    }

    /** The waiting-payment type of a method: per method for orders, one type for subscription charges. */
    public static String waitingPayment(boolean belongsToSubscription, PaymentMethod method) {
        if (belongsToSubscription) {
            return SUBSCRIPTION_TRANSACTION_WAITING_PAYMENT;
        }
        return switch (method == null ? PaymentMethod.OTHER : method) {
            case PIX -> ORDER_WAITING_PAYMENT_PIX;
            case BOLETO -> ORDER_WAITING_PAYMENT_BOLETO;
            case CREDIT_CARD -> ORDER_WAITING_PAYMENT_CREDIT_CARD;
            case OTHER -> null;
        };
    }
}
