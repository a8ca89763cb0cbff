package dev.ponte.observability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Scrapes /actuator/prometheus (management port) around a known set of webhooks and checks each counter moved by its amount. */
class MetricsIT extends PonteIntegrationTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    private Map<String, Double> scrape() {
        Response response = management().get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    private static double value(Map<String, Double> samples, String name, String... labels) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().startsWith(name + "{") || e.getKey().equals(name))
                .filter(e -> {
                    for (String label : labels) {
                        if (!e.getKey().contains(label)) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(Map.Entry::getValue).sum();
    }

    @Test
    void countersMoveByWhatWasPosted() throws Exception {
        Map<String, Double> before = scrape();
        String paidA = UUID.randomUUID().toString();
        ObjectNode first = FixtureVariants.cakto("purchase_approved.json", paidA);
        assertThat(webhooks().post("/webhooks/cakto", first.toString().getBytes()).status()).isEqualTo(200);
        assertThat(webhooks().post("/webhooks/cakto", first.toString().getBytes()).json().path("status").asText())
                .isEqualTo("duplicate");
        assertThat(webhooks().post("/webhooks/cakto",
                FixtureVariants.cakto("purchase_approved.json", UUID.randomUUID().toString()).toString().getBytes())
                .status()).isEqualTo(200);
        ObjectNode unknown = FixtureVariants.cakto("purchase_approved.json", UUID.randomUUID().toString());
        unknown.put("event", "something_new");
        assertThat(webhooks().post("/webhooks/cakto", unknown.toString().getBytes()).status()).isEqualTo(202);
        ObjectNode wrongSecret = FixtureVariants.cakto("purchase_approved.json", UUID.randomUUID().toString());
        wrongSecret.put("secret", "wrong-secret-value");
        assertThat(webhooks().post("/webhooks/cakto", wrongSecret.toString().getBytes()).status()).isEqualTo(401);
        assertThat(webhooks().post("/webhooks/cakto", "{broken".getBytes()).status()).isEqualTo(400);
        assertThat(webhooks().post("/webhooks/cakto", new byte[300_000]).status()).isEqualTo(413);
        Map<String, Double> after = scrape();

        String received = "ponte_webhooks_received_total";
        assertThat(delta(before, after, received, "provider=\"cakto\"", "outcome=\"accepted\"")).isEqualTo(2.0);
        assertThat(delta(before, after, received, "provider=\"cakto\"", "outcome=\"duplicate\"")).isEqualTo(1.0);
        assertThat(delta(before, after, received, "provider=\"cakto\"", "outcome=\"parked\"")).isEqualTo(1.0);
        assertThat(delta(before, after, received, "provider=\"cakto\"", "outcome=\"unauthorized\"")).isEqualTo(1.0);
        assertThat(delta(before, after, received, "provider=\"cakto\"", "outcome=\"invalid\"")).isEqualTo(1.0);
        assertThat(delta(before, after, received, "provider=\"cakto\"", "outcome=\"too_large\"")).isEqualTo(1.0);
        assertThat(delta(before, after, "ponte_events_published_total", "type=\"order.paid\"")).isEqualTo(2.0);
        assertThat(delta(before, after, "ponte_events_published_total", "type=\"unmapped\"")).isEqualTo(1.0);
        assertThat(delta(before, after, "ponte_ingress_latency_seconds_count")).isGreaterThanOrEqualTo(6.0);
        assertThat(after.keySet()).anyMatch(k -> k.startsWith("ponte_ingress_latency_seconds_bucket"));
        assertThat(after.keySet()).anyMatch(k -> k.startsWith("ponte_spool_depth"));
        assertThat(after.keySet()).anyMatch(k -> k.startsWith("ponte_spool_oldest_age_seconds"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> scrape().keySet().stream()
                .anyMatch(k -> k.startsWith("ponte_dlq_depth{") && k.contains("route=\"chargeback-alert\"")));
        assertThat(after.keySet()).anyMatch(k -> k.startsWith("camel_exchanges") && k.contains("routeId=\"webhook-ingress\""));
        // labels hold no secret and no personal data
        assertThat(String.join("\n", after.keySet())).doesNotContain(CAKTO_SECRET).doesNotContain("wrong-secret-value")
                .doesNotContain("@").doesNotContain(paidA);
    }

    @Test
    void deliveriesAreCountedByRouteAndOutcome() throws Exception {
        Map<String, Double> before = scrape();
        String orderId = UUID.randomUUID().toString();
        assertThat(webhooks().post("/webhooks/cakto",
                FixtureVariants.cakto("chargeback.json", orderId).toString().getBytes()).status()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                delta(before, scrape(), "ponte_deliveries_total", "route=\"chargeback-alert\"", "outcome=\"delivered\"") >= 1.0);
    }
}
