package dev.ponte.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard in docs/ queries only metrics Ponte exports (names checked against MetricsIT's). */
class GrafanaDashboardTest {

    @Test
    void everyPanelQueriesAPonteOrCamelMetric() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(new File("docs/grafana-dashboard.json"));
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        assertThat(expressions).isNotEmpty().allSatisfy(expr -> assertThat(expr).containsPattern(
                "ponte_webhooks_received_total|ponte_events_published_total|ponte_ingress_latency_seconds_bucket"
                        + "|ponte_spool_depth|ponte_spool_oldest_age_seconds|ponte_deliveries_total|ponte_dlq_depth"
                        + "|ponte_destination_circuit_state|ponte_queue_depth|ponte_queue_oldest_age_seconds"
                        + "|camel_exchanges_total|camel_exchanges_failed_total"));
        assertThat(String.join(" ", expressions)).contains("histogram_quantile(0.99");
    }
}
