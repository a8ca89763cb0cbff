package dev.ponte.provider;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizationTest {

    @Test
    void parkReasonsNeverCarryAnEmailOrADocument() {
        assertThat(Normalization.unmapped("x", "unknown status: mariana.ribeiro@exemplo.com.br").parkReason())
                .isEqualTo("unknown status: ***");
        assertThat(Normalization.unmapped("x", "unknown status: 390.533.447-05").parkReason())
                .isEqualTo("unknown status: ***");
        assertThat(Normalization.unmapped("x", "unknown Cakto order status: paid_v2").parkReason())
                .isEqualTo("unknown Cakto order status: paid_v2");
    }
}
