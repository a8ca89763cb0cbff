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
            "http://[::1]/", "http://[fd00::1]/", "http://[fe80::1]/", "http://224.0.0.1/",
            // IPv6 forms that carry an internal IPv4 address: mapped, compatible, NAT64, 6to4, Teredo
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://[::127.0.0.1]/", "http://[::a00:1]/",
            "http://[64:ff9b::127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[64:ff9b::c0a8:101]/",
            "http://[64:ff9b:1::808:808]/", "http://[2002:7f00:1::]/", "http://[2002:c0a8:101::1]/",
            "http://[2002:a9fe:a9fe::]/", "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
            "http://[::]/", "http://[ff02::1]/", "http://[fec0::1]/", "http://[2001:db8::1]/", "http://[100::1]/",
            "http://192.0.2.1/", "http://198.51.100.7/", "http://203.0.113.9/", "http://198.18.0.1/",
            "http://192.0.0.8/", "http://240.0.0.1/", "http://255.255.255.255/", "http://172.31.255.255/",
            "http://100.127.255.255/"})
    void internalTargetsAreRefused(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(NonRetryableDeliveryException.class)
                .hasMessageContaining("non-public");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/hooks", "http://1.1.1.1:8080/x", "https://[2001:4860:4860::8888]/",
            "http://[64:ff9b::808:808]/", "http://[2002:808:808::1]/", "http://[::ffff:8.8.8.8]/",
            "http://172.32.0.1/", "http://100.128.0.1/", "http://192.169.0.1/"})
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

    @Test
    void checkConnectRefusesInternalAddressesUnlessAllowed() throws Exception {
        assertThatThrownBy(() -> guard.checkConnect(java.net.InetAddress.getByName("64:ff9b::7f00:1")))
                .isInstanceOf(NonRetryableDeliveryException.class).hasMessageContaining("non-public");
        assertThatThrownBy(() -> guard.checkConnect(null)).isInstanceOf(NonRetryableDeliveryException.class);
        assertThatCode(() -> guard.checkConnect(java.net.InetAddress.getByName("8.8.8.8")))
                .doesNotThrowAnyException();
        assertThatCode(() -> new ForwardTargetGuard(true).checkConnect(java.net.InetAddress.getByName("127.0.0.1")))
                .doesNotThrowAnyException();
    }
}
