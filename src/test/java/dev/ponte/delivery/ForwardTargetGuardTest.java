package dev.ponte.delivery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardTargetGuardTest {

    private final ForwardTargetGuard guard = new ForwardTargetGuard(false);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/x", "http://localhost:8080/", "http://10.1.2.3/", "http://172.16.0.9/",
            "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0/",
            "http://[::1]/", "http://[fd00::1]/", "http://[fe80::1]/", "http://224.0.0.1/"})
    void internalTargetsAreRefused(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(NonRetryableDeliveryException.class)
                .hasMessageContaining("non-public");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/hooks", "http://1.1.1.1:8080/x", "https://[2001:4860:4860::8888]/"})
    void publicTargetsPass(String url) {
        assertThatCode(() -> guard.check(url)).doesNotThrowAnyException();
    }

    @Test
    void allowPrivateLetsLoopbackThrough() {
        assertThatCode(() -> new ForwardTargetGuard(true).check("http://127.0.0.1:9/x")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://8.8.8.8/", "gopher://8.8.8.8/", "not a url"})
    void otherSchemesAreRefused(String url) {
        assertThatThrownBy(() -> new ForwardTargetGuard(true).check(url)).isInstanceOf(NonRetryableDeliveryException.class);
    }
}
