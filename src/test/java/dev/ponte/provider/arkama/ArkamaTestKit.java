package dev.ponte.provider.arkama;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.support.ProviderAuth;
import dev.ponte.support.ProviderTestKit;

import java.util.List;
import java.util.Map;

/** Arkama in the shared tests: the token travels in the body, so the fixtures carry it. */
public final class ArkamaTestKit implements ProviderTestKit {

    /** The token the fixtures carry. */
    public static final String TOKEN = "e1fa3f290f4de6a0e9070580c5ba8a60";

    @Override
    public String secret() {
        return TOKEN;
    }

    @Override
    public ProviderAuth.Auth auth(byte[] body, String credential) {
        return new ProviderAuth.Auth("", Map.of());
    }

    @Override
    public void setOrderId(ObjectNode body, String orderId) {
        ((ObjectNode) body.get("data").get("order")).put("id", orderId);
    }

    @Override
    public String sampleFixture() {
        return "ORDER_PAID.json";
    }

    @Override
    public List<String> moreEvents() {
        return List.of("ORDER_REFUSED", "ORDER_CANCELED", "ORDER_PRE_CHARGEBACK", "ORDER_IN_ANALYSIS",
                "ORDER_WAITING_PAYMENT", "CART_FINISHED", "order_paid");
    }
}
