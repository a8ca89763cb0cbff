package dev.ponte.delivery;

import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failed try is classified and reported, without a broker. */
class DeliveryFailuresTest {

    private static HttpOperationFailedException http(int status) {
        return new HttpOperationFailedException("https://example.com/hook?token=secret", status, "Status", null,
                Map.of(), "");
    }

    @Test
    void clientErrorsOtherThanTimeoutAndSlowDownAreNotRetried() {
        assertThat(DeliveryFailures.isPermanent(http(400))).isTrue();
        assertThat(DeliveryFailures.isPermanent(http(404))).isTrue();
        assertThat(DeliveryFailures.isPermanent(http(408))).isFalse();
        assertThat(DeliveryFailures.isPermanent(http(429))).isFalse();
        assertThat(DeliveryFailures.isPermanent(http(500))).isFalse();
        assertThat(DeliveryFailures.isPermanent(new NonRetryableDeliveryException("refused"))).isTrue();
        assertThat(DeliveryFailures.isPermanent(new java.net.ConnectException("refused"))).isFalse();
    }

    @Test
    void theDestinationsAnswerIsReported() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            assertThat(DeliveryRoutePolicy.statusOf(exchange, http(503))).isEqualTo(503);
            SMTPAddressFailedException refused = new SMTPAddressFailedException(new InternetAddress("ops@ponte.test"),
                    "RCPT TO", 550, "mailbox unavailable");
            assertThat(DeliveryRoutePolicy.statusOf(exchange, new RuntimeException(refused))).isEqualTo(550);
            SendFailedException wrapped = new SendFailedException("send failed");
            wrapped.setNextException(refused);
            assertThat(DeliveryRoutePolicy.statusOf(exchange, wrapped)).isEqualTo(550);
            assertThat(DeliveryRoutePolicy.statusOf(exchange, new java.net.ConnectException("refused"))).isNull();
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
            assertThat(DeliveryRoutePolicy.statusOf(exchange, null)).isEqualTo(204);
        }
    }

    @Test
    void failureTextsCarryNoUrlQueryOrCredentials() {
        assertThat(DeadLetters.describe(http(500))).isEqualTo("HTTP 500 Status");
        String text = DeadLetters.describe(new IllegalStateException(
                "Connect to https://user:pa55@hooks.example.com/in?token=abc123&x=1 failed"));
        assertThat(text).doesNotContain("pa55").doesNotContain("abc123").doesNotContain("user:")
                .contains("https://hooks.example.com/in");
    }
}
