package dev.ponte.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentsTest {

    @Test
    void fullDocumentsBecomeDigitsWithType() {
        assertThat(Documents.parse("390.533.447-05")).isEqualTo(new Documents.Document("39053344705", DocumentType.CPF));
        assertThat(Documents.parse("39053344705")).isEqualTo(new Documents.Document("39053344705", DocumentType.CPF));
        assertThat(Documents.parse("11.222.333/0001-81"))
                .isEqualTo(new Documents.Document("11222333000181", DocumentType.CNPJ));
        // Wiapy's example punctuates a CPF wrongly: digits still count
        assertThat(Documents.parse("123.456.678.90")).isEqualTo(new Documents.Document("12345667890", DocumentType.CPF));
    }

    @Test
    void maskedDocumentsAreKeptAsSent() {
        assertThat(Documents.parse("123.***.***-**")).isEqualTo(new Documents.Document("123.***.***-**", DocumentType.CPF));
        assertThat(Documents.parse("12.***.***/0001-**"))
                .isEqualTo(new Documents.Document("12.***.***/0001-**", DocumentType.CNPJ));
    }

    @Test
    void otherValuesHaveNoType() {
        assertThat(Documents.parse("12345")).isEqualTo(new Documents.Document("12345", null));
        assertThat(Documents.parse("")).isNull();
        assertThat(Documents.parse("\u0000\u0001")).as("control characters only").isNull();
        assertThat(Documents.parse(null)).isNull();
    }
}
