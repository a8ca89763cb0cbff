package dev.ponte.ingress;

import dev.ponte.event.EventJson;
import dev.ponte.http.WebhookBodyFilter;
import dev.ponte.provider.WebhookRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

/** Captures the request as received: the exact body bytes kept by {@link WebhookBodyFilter}, headers, query. */
final class ReceiveStep implements Processor {

    private final Clock clock;
    private final boolean captureClient;

    /** @param captureClient whether the outcome listeners want the client's facts */
    ReceiveStep(Clock clock, boolean captureClient) {
        this.clock = clock;
        this.captureClient = captureClient;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(WebhookExchange.STARTED, System.nanoTime());
        HttpServletRequest servlet = exchange.getIn(PlatformHttpMessage.class).getRequest();
        exchange.setProperty(WebhookExchange.REQUEST_ID, servlet.getAttribute(WebhookBodyFilter.REQUEST_ID));
        byte[] body = (byte[]) servlet.getAttribute(WebhookBodyFilter.RAW_BODY);
        if (captureClient) {
            exchange.setProperty(WebhookExchange.CLIENT, new WebhookExchange.Client(Instant.now(clock),
                    servlet.getRemoteAddr(), servlet.getHeader("User-Agent"), body == null ? 0 : body.length));
        }
        String name = exchange.getIn().getHeader("provider", String.class);
        exchange.setProperty(WebhookExchange.PROVIDER_NAME, name);
        if (body == null) {
            throw new IllegalStateException("WebhookBodyFilter did not run for " + servlet.getRequestURI());
        }
        exchange.setProperty(WebhookExchange.REQUEST, new WebhookRequest(name, body, headers(servlet), query(servlet),
                EventJson.mapper()));
    }

    private static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        Enumeration<String> names = request.getHeaderNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            headers.putIfAbsent(name, request.getHeader(name));
        }
        return headers;
    }

    /** Query parameters from the query string only: a form-encoded body is never read as parameters. */
    private static Map<String, String> query(HttpServletRequest request) {
        Map<String, String> query = new HashMap<>();
        String raw = request.getQueryString();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (key != null && value != null) {
                query.putIfAbsent(key, value);
            }
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
