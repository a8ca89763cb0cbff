package dev.ponte.provider.wiapy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.support.HostileJson;
import dev.ponte.support.ProviderAuth;
import dev.ponte.support.ProviderTestKit;

import java.util.List;
import java.util.Map;

/** Wiapy in the shared tests: the token in {@code Authorization}; no event name, the state is the payment's. */
public final class WiapyTestKit implements ProviderTestKit {

    public static final String TOKEN = "wiapy-token-7f3e9a1c";

    @Override
    public String secret() {
        return TOKEN;
    }

    @Override
    public ProviderAuth.Auth auth(byte[] body, String credential) {
        return new ProviderAuth.Auth("", Map.of("Authorization", credential));
    }

    @Override
    public void setOrderId(ObjectNode body, String orderId) {
        ((ObjectNode) body.get("payment")).put("id", orderId);
    }

    @Override
    public String sampleFixture() {
        return "paid.json";
    }

    @Override
    public List<HostileJson.Path> eventPaths() {
        return List.of(new HostileJson.Path(List.of("payment", "status")),
                new HostileJson.Path(List.of("payment", "type")));
    }

    @Override
    public List<String> moreEvents() {
        return List.of("paid", "unpaid", "credit_card_declined", "refunded", "chargedback", "payment", "subscription");
    }
}
