package dev.ponte.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataTest {

    private static final String EVENT = """
            {"customer": {"email": "mariana.ribeiro@exemplo.com.br", "document": "39053344705", "name": "Mariana"},
             "raw": {"data": {"customer": {"docNumber": 39053344705, "cpf": "390.533.447-05"},
                              "contacts": ["joao@exemplo.com", "not an e-mail"],
                              "CNPJ": "11222333000181", "note": "a@b"}}}
            """;

    @Test
    void emailsAndDocumentsAreMaskedEverywhereInTheDocument() throws Exception {
        JsonNode event = EventJson.mapper().readTree(EVENT);
        JsonNode masked = new PersonalData(false).json(event);
        assertThat(masked.path("customer").path("email").asText()).isEqualTo("m***@exemplo.com.br");
        assertThat(masked.path("customer").path("document").asText()).isEqualTo("*********05");
        assertThat(masked.path("customer").path("name").asText()).isEqualTo("Mariana");
        JsonNode raw = masked.path("raw").path("data");
        assertThat(raw.path("customer").path("docNumber").asText()).isEqualTo("*********05");
        assertThat(raw.path("customer").path("cpf").asText()).isEqualTo("************05");
        assertThat(raw.path("contacts").get(0).asText()).isEqualTo("j***@exemplo.com");
        assertThat(raw.path("contacts").get(1).asText()).isEqualTo("not an e-mail");
        assertThat(raw.path("CNPJ").asText()).isEqualTo("************81");
        assertThat(raw.path("note").asText()).isEqualTo("a@b");
        assertThat(masked.toString()).doesNotContain("mariana.ribeiro").doesNotContain("39053344705")
                .doesNotContain("11222333000181");
        assertThat(event.path("customer").path("email").asText()).as("the original is left alone")
                .isEqualTo("mariana.ribeiro@exemplo.com.br");
    }

    @Test
    void shownInFullWhenConfigured() throws Exception {
        JsonNode event = EventJson.mapper().readTree(EVENT);
        PersonalData shown = new PersonalData(true);
        assertThat(shown.json(event)).isEqualTo(event);
        assertThat(shown.email("a.b@c.com")).isEqualTo("a.b@c.com");
        assertThat(shown.document("39053344705")).isEqualTo("39053344705");
    }

    @Test
    void oddValuesAreMaskedSafely() {
        PersonalData masked = new PersonalData(false);
        assertThat(masked.email(null)).isNull();
        assertThat(masked.email("@exemplo.com")).isEqualTo("***");
        assertThat(masked.email("no-at-sign")).isEqualTo("***");
        assertThat(masked.document("123")).isEqualTo("***");
        assertThat(masked.document("")).isEmpty();
    }
}
