package dev.ponte.provider.cakto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.NormalizationException;
import dev.ponte.provider.Fields;

import java.util.ArrayList;
import java.util.List;

/**
 * The orders of one delivery: Webhook V1 sends {@code data} as one order, Webhook V2 as a list of the main order
 * plus its order bumps ("Webhook V2 entrega data como lista", https://docs.cakto.com.br/conceitos/webhooks).
 *
 * @param main   the main order: the element with {@code offer_type == "main"}, never chosen by position (a real
 *               V2 capture had the main order last, Pedroadsdurso/fechaobra:src/lib/cakto/payload.ts); else the
 *               first element whose {@code parent_order} is empty; else the first element
 * @param orders every element, the main one included, in the order sent
 */
record CaktoOrderList(ObjectNode main, List<ObjectNode> orders) {

    static final String MAIN_OFFER_TYPE = "main";

    /** @return null when {@code data} holds no order (an empty object or list) */
    static CaktoOrderList of(JsonNode data) {
        if (data.isObject()) {
            return data.isEmpty() ? null : new CaktoOrderList((ObjectNode) data, List.of((ObjectNode) data));
        }
        if (!data.isArray()) {
            throw new NormalizationException("data is neither an object nor a list");
        }
        List<ObjectNode> orders = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            if (!data.get(i).isObject()) {
                throw new NormalizationException("data[" + i + "] is not an object");
            }
            orders.add((ObjectNode) data.get(i));
        }
        if (orders.isEmpty()) {
            return null;
        }
        return new CaktoOrderList(pickMain(orders), List.copyOf(orders));
    }

    private static ObjectNode pickMain(List<ObjectNode> orders) {
        for (ObjectNode order : orders) {
            if (MAIN_OFFER_TYPE.equals(Fields.text(order, "offer_type"))) {
                return order;
            }
        }
        for (ObjectNode order : orders) {
            if (Fields.text(order, "parent_order") == null) {
                return order;
            }
        }
        return orders.get(0);
    }
}
