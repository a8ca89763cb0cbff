package dev.ponte.provider.cakto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.support.ProviderAuth;
import dev.ponte.support.ProviderTestKit;

import java.util.List;
import java.util.Map;

/** Cakto in the shared tests: the secret travels in the body, so the fixtures carry it. */
public final class CaktoTestKit implements ProviderTestKit {

    /** The secret the fixtures carry. */
    public static final String SECRET = "b3f1a9c2-7b4d-4a8e-9f01-2c6d5b8a4e37";

    @Override
    public String secret() {
        return SECRET;
    }

    @Override
    public ProviderAuth.Auth auth(byte[] body, String credential) {
        return new ProviderAuth.Auth("", Map.of());
    }

    @Override
    public void setOrderId(ObjectNode body, String orderId) {
        ((ObjectNode) body.get("data")).put("id", orderId);
    }

    @Override
    public String sampleFixture() {
        return "purchase_approved.json";
    }

    @Override
    public List<String> moreEvents() {
        return List.of("boleto_gerado", "picpay_gerado", "openfinance_nubank_gerado", "subscription_renewal_refused",
                "initiate_checkout", "trial");
    }
}
