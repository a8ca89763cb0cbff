package dev.ponte.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.event.EventJson;
import org.apache.camel.Exchange;

/** Writes the JSON answers of the ingress contract. */
public final class WebhookResponses {

    private WebhookResponses() {
    }

    /** Key/value pairs; null values are left out. */
    public static ObjectNode object(String... keyValues) {
        ObjectNode node = EventJson.mapper().createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                node.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return node;
    }

    /**
     * Replaces every message header (request headers would otherwise be echoed as response headers, a
     * credential among them) with the status and content type of the answer.
     */
    public static void json(Exchange exchange, int status, ObjectNode body) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body.toString());
    }
}
