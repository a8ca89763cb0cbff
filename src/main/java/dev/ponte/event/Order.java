package dev.ponte.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Order(
        String id,
        String externalRef,
        OrderStatus status,
        PaymentMethod paymentMethod,
        Integer installments,
        String currency,
        long amountCents,
        Long netAmountCents,
        Long feeCents,
        List<Item> items,
        String checkoutUrl,
        Instant createdAt,
        Instant paidAt,
        Instant refundedAt,
        String refundReason,
        String disputeReason,
        String failureReason,
        Pix pix,
        Boleto boleto,
        Card card) {

    public Order {
        items = items == null ? List.of() : List.copyOf(items);
        currency = currency == null ? "BRL" : currency;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Pix(String qrCode, Instant expiresAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Boleto(String barcode, String url, Instant expiresAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Card(String brand, String last4) {
    }
}
