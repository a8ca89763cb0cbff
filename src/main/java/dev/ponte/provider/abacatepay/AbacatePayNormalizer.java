package dev.ponte.provider.abacatepay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.Customer;
import dev.ponte.event.EventTypes;
import dev.ponte.event.Item;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * AbacatePay payloads to the unified event (mapping table: docs/providers/abacatepay.md).
 * <ul>
 *   <li>v2: envelope {@code {id:"log_…", event, apiVersion:2, devMode, data{…}}}, one object per family under
 *   {@code data} ({@code checkout}, {@code transparent}, {@code subscription} + {@code payment}).</li>
 *   <li>v1: {@code billing.*} with {@code data.billing} or {@code data.pixQrCode} (or, in the docs' generic example,
 *   the bill itself as {@code data}).</li>
 * </ul>
 * Amounts are integer cents; times ISO-8601 UTC. The state comes from {@code event}, never from the object's
 * {@code status}: in the refund and dispute examples the checkout still says {@code PAID}
 * (AbacatePay's webhook documentation; docs/providers/abacatepay.md).
 */
public final class AbacatePayNormalizer extends EventNormalizer {

    /** Frequencies of a recurring charge: a payment with one of these belongs to a subscription. */
    private static final Set<String> RECURRING_FREQUENCIES = Set.of("SUBSCRIPTION", "RECURRING", "DAILY", "WEEKLY",
            "BIWEEKLY", "MONTHLY", "BIMONTHLY", "QUARTERLY", "SEMIANNUALLY", "SEMIANNUAL", "YEARLY", "ANNUALLY",
            "ANNUAL");

    /** PIX, CARD and BOLETO are AbacatePay's methods (payerInformation.method, methods[]). */
    static final PaymentMethods PAYMENT_METHODS = PaymentMethods.of(PaymentMethods.Reading.UPPER_CASE, Map.of(
            "PIX", PaymentMethod.PIX, "CARD", PaymentMethod.CREDIT_CARD, "CREDIT_CARD", PaymentMethod.CREDIT_CARD,
            "BOLETO", PaymentMethod.BOLETO));

    public AbacatePayNormalizer(ZoneId zoneWhenNoOffset) {
        super(zoneWhenNoOffset, "no event field");
    }

    /** The parts of the envelope every event shares. */
    private record Envelope(String event, String deliveryId, boolean devMode, ObjectNode data) {
    }

    /** The state a payment event reports, with the suffix of its unified type. */
    private enum Outcome {
        PAID(OrderStatus.PAID, "paid"),
        WAITING_PAYMENT(OrderStatus.WAITING_PAYMENT, "waiting_payment"),
        REFUNDED(OrderStatus.REFUNDED, "refunded"),
        DISPUTED(OrderStatus.DISPUTED, "disputed"),
        FAILED(OrderStatus.FAILED, "failed");

        final OrderStatus status;
        final String typeSuffix;

        Outcome(OrderStatus status, String typeSuffix) {
            this.status = status;
            this.typeSuffix = typeSuffix;
        }
    }

    @Override
    protected Normalization normalize(String event, ObjectNode body) {
        ObjectNode data = Fields.object(body, "data");
        if (data == null) {
            return Normalization.unmapped(event, "no data object");
        }
        // the envelope id (log_…) is the same on every retry of one event: security.mdx, "Idempotência é obrigatória"
        Envelope envelope = new Envelope(event, Fields.text(body, "id"), Fields.bool(body, false, "devMode"), data);
        return switch (event) {
            case "checkout.completed" -> charge(envelope, "checkout", Outcome.PAID);
            case "checkout.refunded" -> charge(envelope, "checkout", Outcome.REFUNDED);
            case "checkout.disputed" -> charge(envelope, "checkout", Outcome.DISPUTED);
            case "transparent.completed" -> charge(envelope, "transparent", Outcome.PAID);
            case "transparent.refunded" -> charge(envelope, "transparent", Outcome.REFUNDED);
            case "transparent.disputed" -> charge(envelope, "transparent", Outcome.DISPUTED);
            case "billing.created" -> billing(envelope, Outcome.WAITING_PAYMENT);
            case "billing.paid" -> billing(envelope, Outcome.PAID);
            case "billing.refunded" -> billing(envelope, Outcome.REFUNDED);
            case "billing.failed" -> billing(envelope, Outcome.FAILED);
            case "subscription.completed" -> subscriptionStarted(envelope, false);
            case "subscription.trial_started" -> subscriptionStarted(envelope, true);
            case "subscription.renewed" -> subscriptionRenewed(envelope);
            case "subscription.payment_failed" -> subscriptionPaymentFailed(envelope);
            // v2 spells it with double L (events/subscriptions.mdx), the v1 table with one (v1/webhooks.mdx)
            case "subscription.cancelled", "subscription.canceled" -> subscriptionCanceled(envelope);
            case "subscription.created" ->
                    Normalization.unmapped(event, "v1 subscription.created: payload shape not documented");
            default -> unknown(event);
        };
    }

    private static Normalization unknown(String event) {
        if (event.startsWith("payout.") || event.startsWith("transfer.") || event.startsWith("withdraw.")) {
            return Normalization.unmapped(event, "payouts, transfers and withdrawals move the merchant's balance, "
                    + "not an order");
        }
        return Normalization.unmapped(event, "unknown AbacatePay event");
    }

    // ---- v2 checkout / transparent ----------------------------------------------------------------------------

    private Normalization charge(Envelope envelope, String objectName, Outcome outcome) {
        ObjectNode charge = Fields.object(envelope.data(), objectName);
        if (charge == null || Fields.text(charge, "id") == null) {
            return Normalization.unmapped(envelope.event(), "no data." + objectName + " object with an id");
        }
        boolean recurring = isRecurring(Fields.text(charge, "frequency"));
        Order order = v2Order(charge, envelope.data(), outcome, Fields.text(charge, "url"),
                Fields.array(charge, "items"));
        return Normalization.builder(EventTypes.payment(recurring, outcome.typeSuffix), envelope.event())
                .objectId(Fields.text(charge, "id"))
                .version(version(envelope, charge))
                .occurredAt(time(charge, "updatedAt"))
                // transparent charges carry their own devMode (events/transparent.mdx)
                .testMode(envelope.devMode() || Fields.bool(charge, false, "devMode"))
                .order(order)
                .customer(v2Customer(envelope.data()))
                .build();
    }

    /** An order from a v2 charge object ({@code checkout}, {@code transparent} or a subscription's {@code payment}). */
    private Order v2Order(ObjectNode charge, ObjectNode data, Outcome outcome, String checkoutUrl,
                          List<JsonNode> items) {
        ObjectNode payer = Fields.object(data, "payerInformation");
        String methodName = firstNonNull(Fields.text(payer, "method"), firstText(charge, "methods"));
        PaymentMethod method = PAYMENT_METHODS.of(methodName);
        Order.Card card = method == PaymentMethod.CREDIT_CARD ? card(Fields.object(payer, "CARD")) : null;
        Instant updatedAt = time(charge, "updatedAt");
        String reason = Fields.text(data, "reason");
        return new Order(
                Fields.text(charge, "id"),
                Fields.text(charge, "externalId"),
                outcome.status,
                method,
                nonNegative(Fields.integer(charge, "installmentsCount"), "installmentsCount"),
                currency(charge, "currency"),
                chargedCents(charge),
                null,
                Money.cents(Fields.at(charge, "platformFee")),
                items(items),
                checkoutUrl,
                time(charge, "createdAt"),
                outcome == Outcome.PAID ? updatedAt : null,
                outcome == Outcome.REFUNDED ? updatedAt : null,
                outcome == Outcome.REFUNDED ? reason : null,
                outcome == Outcome.DISPUTED ? reason : null,
                null,
                null,
                null,
                card);
    }

    /** {@code data.customer}; absent, null or the empty customer {@code {id:"",name:null,…}} is no customer. */
    private static Customer v2Customer(ObjectNode data) {
        ObjectNode customer = Fields.object(data, "customer");
        // a charge without customer sends {"id":"","name":null,"email":null,"taxId":null} (notificacoes/webhooks.md)
        return customer(Fields.text(customer, "id"), Fields.text(customer, "name"), Fields.text(customer, "email"),
                Fields.text(customer, "taxId"), null, null, null);
    }

    // ---- v2 subscriptions -------------------------------------------------------------------------------------

    private Normalization subscriptionStarted(Envelope envelope, boolean trial) {
        ObjectNode subscription = Fields.object(envelope.data(), "subscription");
        if (subscription == null) {
            return Normalization.unmapped(envelope.event(), "no data.subscription object");
        }
        // subscription.completed carries the first charge in data.payment: one event, with the order filled from it
        ObjectNode payment = trial ? null : Fields.object(envelope.data(), "payment");
        Order order = payment == null || Fields.text(payment, "id") == null ? null : v2Order(payment, envelope.data(), Outcome.PAID,
                Fields.text(envelope.data(), "checkout", "url"), Fields.array(envelope.data(), "checkout", "items"));
        // a trial's first charge happens when it ends (events/subscriptions.mdx, subscription.trial_started)
        Instant nextChargeAt = trial ? time(subscription, "trialEndsAt") : null;
        return Normalization.builder(EventTypes.SUBSCRIPTION_ACTIVE, envelope.event())
                .objectId(Fields.text(subscription, "id"))
                .version(version(envelope, subscription))
                .occurredAt(time(subscription, "updatedAt"))
                .testMode(envelope.devMode())
                .order(order)
                .subscription(subscription(subscription, nextChargeAt))
                .customer(v2Customer(envelope.data()))
                .build();
    }

    private Normalization subscriptionRenewed(Envelope envelope) {
        ObjectNode subscription = Fields.object(envelope.data(), "subscription");
        if (subscription == null) {
            return Normalization.unmapped(envelope.event(), "no data.subscription object");
        }
        ObjectNode payment = Fields.object(envelope.data(), "payment");
        if (payment == null || Fields.text(payment, "id") == null) {
            return Normalization.unmapped(envelope.event(), "no data.payment object with an id");
        }
        Order order = v2Order(payment, envelope.data(), Outcome.PAID,
                Fields.text(envelope.data(), "checkout", "url"), Fields.array(envelope.data(), "checkout", "items"));
        return Normalization.builder(EventTypes.SUBSCRIPTION_TRANSACTION_PAID, envelope.event())
                .objectId(Fields.text(payment, "id"))
                .version(version(envelope, payment))
                .occurredAt(time(payment, "updatedAt"))
                .testMode(envelope.devMode())
                .order(order)
                .subscription(subscription(subscription, null))
                .customer(v2Customer(envelope.data()))
                .build();
    }

    /**
     * The failed charge is the installment ({@code installmentId}); it has no object of its own, so its amount and
     * method are the subscription's. No customer in this event (events/subscriptions.mdx).
     */
    private Normalization subscriptionPaymentFailed(Envelope envelope) {
        ObjectNode data = envelope.data();
        ObjectNode subscription = Fields.object(data, "subscription");
        if (subscription == null) {
            return Normalization.unmapped(envelope.event(), "no data.subscription object");
        }
        String installmentId = Fields.text(data, "installmentId");
        if (installmentId == null) {
            return Normalization.unmapped(envelope.event(), "no data.installmentId");
        }
        Order order = new Order(installmentId, null, OrderStatus.FAILED,
                PAYMENT_METHODS.of(Fields.text(subscription, "method")), null, currency(subscription, "currency"),
                requiredCents(subscription, "amount", "data.subscription.amount"), null, null, List.of(), null,
                // subscription.payment_failed carries no reason (events/subscriptions.mdx)
                null, null, null, null, null, null, null, null, null);
        String version = envelope.deliveryId();
        if (version == null && Fields.text(subscription, "updatedAt") != null) {
            version = Fields.text(subscription, "updatedAt") + "|retry " + Fields.integer(data, "retryNumber");
        }
        return Normalization.builder(EventTypes.SUBSCRIPTION_TRANSACTION_FAILED, envelope.event())
                .objectId(installmentId)
                .version(version)
                .occurredAt(time(subscription, "updatedAt"))
                .testMode(envelope.devMode())
                .order(order)
                .subscription(subscription(subscription, null))
                .customer(v2Customer(data))
                .build();
    }

    private Normalization subscriptionCanceled(Envelope envelope) {
        ObjectNode subscription = Fields.object(envelope.data(), "subscription");
        if (subscription == null) {
            return Normalization.unmapped(envelope.event(), "no data.subscription object");
        }
        Instant canceledAt = time(subscription, "canceledAt");
        return Normalization.builder(EventTypes.SUBSCRIPTION_CANCELED, envelope.event())
                .objectId(Fields.text(subscription, "id"))
                .version(version(envelope, subscription))
                .occurredAt(canceledAt != null ? canceledAt : time(subscription, "updatedAt"))
                .testMode(envelope.devMode())
                .subscription(subscription(subscription, null))
                .customer(v2Customer(envelope.data()))
                .build();
    }

    private static Subscription subscription(ObjectNode subscription, Instant nextChargeAt) {
        return new Subscription(Fields.text(subscription, "id"), subscriptionStatus(Fields.text(subscription, "status")),
                null, null, interval(Fields.text(subscription, "frequency")), nextChargeAt);
    }

    /** Lower case; AbacatePay's {@code CANCELLED} becomes the unified spelling {@code canceled}. */
    static String subscriptionStatus(String status) {
        if (status == null) {
            return null;
        }
        String lower = status.toLowerCase(Locale.ROOT);
        return lower.equals("cancelled") ? "canceled" : lower;
    }

    static String interval(String frequency) {
        if (frequency == null) {
            return null;
        }
        return switch (frequency.toUpperCase(Locale.ROOT)) {
            case "DAILY" -> "daily";
            case "WEEKLY" -> "weekly";
            case "BIWEEKLY" -> "biweekly";
            case "MONTHLY" -> "monthly";
            case "BIMONTHLY" -> "bimonthly";
            case "QUARTERLY" -> "quarterly";
            case "SEMIANNUALLY", "SEMIANNUAL" -> "semiannually";
            case "YEARLY", "ANNUALLY", "ANNUAL" -> "yearly";
            default -> frequency.toLowerCase(Locale.ROOT);
        };
    }

    // ---- v1 billing -------------------------------------------------------------------------------------------

    private Normalization billing(Envelope envelope, Outcome outcome) {
        ObjectNode data = envelope.data();
        ObjectNode bill = Fields.object(data, "billing");
        if (bill == null) {
            bill = Fields.object(data, "pixQrCode");
        }
        if (bill == null && Fields.text(data, "id") != null) {
            // the v1 page's generic example puts the bill itself in data (AbacatePay/documentation:pages/v1/webhooks.mdx)
            bill = data;
        }
        if (bill == null || Fields.text(bill, "id") == null) {
            return Normalization.unmapped(envelope.event(), "no data.billing or data.pixQrCode object with an id");
        }
        ObjectNode payment = Fields.object(data, "payment");
        String methodName = Fields.text(payment, "method");
        if (methodName == null) {
            methodName = singleMethod(bill);
        }
        PaymentMethod method = PAYMENT_METHODS.of(methodName);
        boolean recurring = isRecurring(Fields.text(bill, "frequency"));
        String type = outcome == Outcome.WAITING_PAYMENT
                ? EventTypes.waitingPayment(recurring, method)
                : EventTypes.payment(recurring, outcome.typeSuffix);
        if (type == null) {
            return Normalization.unmapped(envelope.event(), "waiting payment without a single known payment method");
        }
        Long paymentAmount = Money.cents(Fields.at(payment, "amount"));
        Long paymentFee = Money.cents(Fields.at(payment, "fee"));
        Instant updatedAt = time(bill, "updatedAt");
        Order order = new Order(
                Fields.text(bill, "id"),
                Fields.text(bill, "externalId"),
                outcome.status,
                method,
                null,
                null,
                // real v1 captures send paidAmount 0 on a PAID bill: data.payment.amount is what was paid (docs/providers/abacatepay.md)
                paymentAmount != null ? paymentAmount : chargedCents(bill),
                null,
                paymentFee != null ? paymentFee : Money.cents(Fields.at(bill, "platformFee")),
                items(Fields.array(bill, "products")),
                Fields.text(bill, "url"),
                time(bill, "createdAt"),
                outcome == Outcome.PAID ? updatedAt : null,
                outcome == Outcome.REFUNDED ? updatedAt : null,
                null,
                null,
                null,
                pix(bill),
                null,
                null);
        return Normalization.builder(type, envelope.event())
                .objectId(Fields.text(bill, "id"))
                .version(version(envelope, bill))
                .occurredAt(updatedAt)
                .testMode(envelope.devMode() || Fields.bool(bill, false, "devMode"))
                .order(order)
                .customer(v1Customer(bill))
                .build();
    }

    /** {@code kind} (a string on pixQrCode, an array on billing) or {@code methods}, when it names one method only. */
    private static String singleMethod(ObjectNode bill) {
        JsonNode kind = Fields.at(bill, "kind");
        if (kind.isTextual()) {
            return Fields.text(bill, "kind");
        }
        List<JsonNode> methods = kind.isArray() ? Fields.array(bill, "kind") : Fields.array(bill, "methods");
        if (methods.size() != 1) {
            return null;
        }
        return elementText(methods.get(0), "kind[0]");
    }

    /** The QR code of a v1 pixQrCode, when the delivery carries it (field names of the v1 PIX QRCode API). */
    private Order.Pix pix(ObjectNode bill) {
        return pix(bill, "brCode", "expiresAt");
    }

    /** v1 keeps the customer's data under {@code customer.metadata}, with the full tax id and a cellphone. */
    private static Customer v1Customer(ObjectNode bill) {
        ObjectNode customer = Fields.object(bill, "customer");
        ObjectNode metadata = Fields.object(customer, "metadata");
        return customer(Fields.text(customer, "id"),
                firstNonNull(Fields.text(metadata, "name"), Fields.text(customer, "name")),
                firstNonNull(Fields.text(metadata, "email"), Fields.text(customer, "email")),
                firstNonNull(Fields.text(metadata, "taxId"), Fields.text(customer, "taxId")),
                firstNonNull(Fields.text(metadata, "cellphone"), Fields.text(customer, "cellphone")),
                Fields.text(metadata, "zipCode"),
                Fields.text(metadata, "country"));
    }

    // ---- shared -----------------------------------------------------------------------------------------------

    private static Customer customer(String id, String name, String email, String taxId, String cellphone,
                                     String zipCode, String country) {
        if (id == null && name == null && email == null && taxId == null && cellphone == null) {
            return null;
        }
        Customer.Address address = zipCode == null && country == null ? null
                : new Customer.Address(zipCode, null, null, null, null, null, null, country);
        return Customer.of(id, name, email, taxId, cellphone, address);
    }

    /**
     * Version of the deterministic id: the envelope id when sent (the same on every retry); otherwise the object's
     * {@code updatedAt} and status; otherwise null, so that the SHA-256 of the body is used (docs/providers/abacatepay.md).
     */
    private static String version(Envelope envelope, ObjectNode object) {
        if (envelope.deliveryId() != null) {
            return envelope.deliveryId();
        }
        String updatedAt = Fields.text(object, "updatedAt");
        return updatedAt == null ? null : updatedAt + "|" + Fields.text(object, "status");
    }

    /** What was charged: {@code paidAmount} once something was paid, else the amount due. */
    private static long chargedCents(ObjectNode charge) {
        Long paid = Money.cents(Fields.at(charge, "paidAmount"));
        Long due = Money.cents(Fields.at(charge, "amount"));
        if (paid != null && paid > 0) {
            return paid;
        }
        if (due == null) {
            throw new NormalizationException("amount is missing");
        }
        return due;
    }

    private static long requiredCents(ObjectNode node, String field, String path) {
        Long cents = Money.cents(Fields.at(node, field));
        if (cents == null) {
            throw new NormalizationException(path + " is missing");
        }
        return cents;
    }

    private static List<Item> items(List<JsonNode> lines) {
        return lines.stream().map(line -> {
            if (!line.isObject()) {
                throw new NormalizationException("items: element is not an object");
            }
            String id = firstNonNull(Fields.text(line, "id"), Fields.text(line, "publicId"));
            return new Item(id, Fields.text(line, "name"), nonNegative(Fields.integer(line, "quantity"), "quantity"),
                    Money.cents(Fields.at(line, "price")), null);
        }).toList();
    }

    /** payerInformation.CARD: only the last 4 digits and the brand are sent (notificacoes/webhooks.md). */
    private static Order.Card card(ObjectNode card) {
        if (card == null) {
            return null;
        }
        String digits = Fields.text(card, "number");
        digits = digits == null ? "" : digits.replaceAll("[^0-9]", "");
        String last4 = digits.isEmpty() ? null : digits.substring(Math.max(0, digits.length() - 4));
        String brand = Fields.text(card, "brand");
        return last4 == null && brand == null ? null : new Order.Card(brand, last4);
    }

    private static boolean isRecurring(String frequency) {
        return frequency != null && RECURRING_FREQUENCIES.contains(frequency.toUpperCase(Locale.ROOT));
    }

    private static String firstText(ObjectNode node, String arrayField) {
        List<JsonNode> values = Fields.array(node, arrayField);
        return values.isEmpty() ? null : elementText(values.get(0), arrayField + "[0]");
    }

    private static String elementText(JsonNode value, String path) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new NormalizationException(path + " is not a string");
        }
        return value.textValue().isBlank() ? null : value.textValue();
    }

}
