package dev.ponte.ingress;

import dev.ponte.http.RequestIds;
import dev.ponte.http.WebhookBodyFilter;
import dev.ponte.http.WebhookMetrics;
import dev.ponte.http.WebhookRejectedException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.config.PonteProperties;
import dev.ponte.event.EventJson;
import dev.ponte.provider.ProviderRegistry;
import dev.ponte.support.MarkdownTables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/ingress-contract.md lists every answer the code can give: each webhook outcome, each refusal with its status
 * and error code, each provider, and the defaults it quotes. The behaviour itself is proven over HTTP by
 * IngressContractIT and HostileInputIT.
 */
class IngressContractDocTest {

    private static final Path DOC = Path.of("docs", "ingress-contract.md");

    private static String doc;
    /** The answers table: status, body, outcome, when. */
    private static List<List<String>> answers;

    @BeforeAll
    static void read() throws IOException {
        doc = Files.readString(DOC);
        answers = MarkdownTables.rows(doc, "status");
    }

    private static List<String> rowOf(WebhookMetrics.Outcome outcome) {
        List<List<String>> rows = answers.stream().filter(r -> r.get(2).equals("`" + outcome.label() + "`")).toList();
        assertThat(rows).as("rows of the answers table with outcome %s", outcome.label()).hasSize(1);
        return rows.get(0);
    }

    @Test
    void everyOutcomeHasItsRowAndNoRowNamesAnotherOne() {
        List<String> labels = Arrays.stream(WebhookMetrics.Outcome.values()).map(WebhookMetrics.Outcome::label).toList();
        List<String> documented = answers.stream().map(r -> r.get(2)).filter(c -> !c.isEmpty())
                .map(MarkdownTables::code).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(labels);
    }

    @Test
    void successfulOutcomesAre2xxWithTheirStatusInTheBody() {
        for (WebhookMetrics.Outcome outcome : List.of(WebhookMetrics.Outcome.ACCEPTED, WebhookMetrics.Outcome.DUPLICATE,
                WebhookMetrics.Outcome.PARKED, WebhookMetrics.Outcome.SPOOLED)) {
            List<String> row = rowOf(outcome);
            assertThat(row.get(0)).as(outcome.label()).isIn("200", "202");
            JsonNode body = body(row);
            assertThat(body.path("status").asText()).as(outcome.label()).isEqualTo(outcome.label());
            assertThat(body.path("id").asText()).as(outcome.label()).startsWith("evt_");
        }
    }

    @Test
    void everyRefusalTheIngressCanRaiseIsDocumentedWithItsStatusAndErrorCode() throws Exception {
        List<WebhookRejectedException> refusals = new ArrayList<>();
        for (Method factory : WebhookRejectedException.class.getDeclaredMethods()) {
            if (Modifier.isStatic(factory.getModifiers()) && Modifier.isPublic(factory.getModifiers())
                    && factory.getReturnType() == WebhookRejectedException.class) {
                refusals.add((WebhookRejectedException) factory.invoke(null, new Object[factory.getParameterCount()]));
            }
        }
        assertThat(refusals).hasSizeGreaterThanOrEqualTo(4);
        for (WebhookRejectedException refusal : refusals) {
            List<String> row = rowOf(refusal.outcome());
            assertThat(row.get(0)).as(refusal.error()).isEqualTo(String.valueOf(refusal.status()));
            assertThat(body(row).path("error").asText()).as(refusal.error()).isEqualTo(refusal.error());
        }
    }

    @Test
    void theSizeLimitsAnswerIsDocumented() throws Exception {
        var metrics = new WebhookMetrics(new SimpleMeterRegistry(), new ProviderRegistry(Map.of()));
        var filter = new WebhookBodyFilter(262_144, java.time.Duration.ofSeconds(10), metrics);
        var request = new MockHttpServletRequest("POST", "/webhooks/cakto");
        request.setContent(new byte[262_145]);
        var response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        List<String> row = rowOf(WebhookMetrics.Outcome.TOO_LARGE);
        assertThat(row.get(0)).isEqualTo(String.valueOf(response.getStatus()));
        assertThat(body(row)).isEqualTo(EventJson.mapper().readTree(response.getContentAsByteArray()));
    }

    @Test
    void theUnexpectedFailureAnswerIsDocumented() {
        List<String> row = rowOf(WebhookMetrics.Outcome.ERROR);
        assertThat(row.get(0)).isEqualTo("500");
        assertThat(body(row).path("error").asText()).isEqualTo("internal_error");
        assertThat(body(row).has("request_id")).isTrue();
    }

    @Test
    void everyProviderHasItsAuthenticationRule() {
        List<String> documented = MarkdownTables.rows(doc, "provider").stream()
                .map(r -> MarkdownTables.code(r.get(0))).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(new ProviderRegistry(Map.of()).names());
    }

    @Test
    void theQuotedDefaultsAndHeadersAreTheCodes() throws Exception {
        assertThat(doc).contains(RequestIds.HEADER).contains("Retry-After");
        var ingress = PonteProperties.Ingress.class.getDeclaredConstructors()[0];
        String maxBody = defaultOf(ingress.getParameters()[0]);
        String retryAfter = defaultOf(ingress.getParameters()[1]);
        assertThat(doc).contains("`ponte.ingress.max-body-bytes`, default " + maxBody + " bytes");
        assertThat(retryAfter).isEqualTo("30s");
        assertThat(doc).contains("(`ponte.ingress.retry-after`, default 30)");
    }

    private static String defaultOf(java.lang.reflect.Parameter parameter) {
        DefaultValue value = parameter.getAnnotation(DefaultValue.class);
        return Objects.requireNonNull(value, parameter.getName()).value()[0];
    }

    /** The example body of a row: a JSON object in a code span, {@code …} standing for a value. */
    private static JsonNode body(List<String> row) {
        try {
            return EventJson.mapper().readTree(MarkdownTables.code(row.get(1)));
        } catch (IOException e) {
            throw new AssertionError("body cell is no JSON: " + row.get(1), e);
        }
    }
}
