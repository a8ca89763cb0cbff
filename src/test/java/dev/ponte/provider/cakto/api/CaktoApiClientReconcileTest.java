package dev.ponte.provider.cakto.api;

import dev.ponte.support.FakeCaktoApi;
import dev.ponte.support.Fixtures;
import dev.ponte.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Cakto API client against a fake Cakto API speaking real HTTP (token, history paging and filters, resend). */
class CaktoApiClientReconcileTest {

    private final FakeCaktoApi cakto = new FakeCaktoApi();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));

    @AfterEach
    void stop() {
        cakto.close();
    }

    private CaktoApiClient client(String clientId, String clientSecret) {
        return client(cakto.baseUrl(), clientId, clientSecret);
    }

    private CaktoApiClient client(URI base, String clientId, String clientSecret) {
        return new CaktoApiClient("main", "ponte.providers.cakto.api.accounts[0]", base, clientId, clientSecret,
                Duration.ofSeconds(5), CaktoApiClient.httpClient(Duration.ofSeconds(5)), clock);
    }

    private CaktoApiClient client() {
        return client(FakeCaktoApi.CLIENT_ID, FakeCaktoApi.CLIENT_SECRET);
    }

    private static Map<String, String> query(String... pairs) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.put(pairs[i], pairs[i + 1]);
        }
        return query;
    }

    private long record(Integer status, String sentAt) {
        return cakto.record("purchase_approved", status, Instant.parse(sentAt),
                FakeCaktoApi.payload(Fixtures.bytes("cakto", "purchase_approved.json")), "http://127.0.0.1:1/none");
    }

    @Test
    void theTokenIsFetchedOnceAndReusedUntilItExpires() {
        record(200, "2026-11-30T10:00:00Z");
        CaktoApiClient client = client();
        client.history(query("limit", "10"));
        client.history(query("limit", "10"));
        assertThat(cakto.tokenRequests).hasSize(1);
        assertThat(cakto.authorizations).containsOnly("Bearer fake-token-1");

        // 10 h of validity (expires_in 36000), renewed a minute before the end
        clock.advance(Duration.ofHours(10).minusMinutes(2));
        client.history(query("limit", "10"));
        assertThat(cakto.tokenRequests).hasSize(1);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        client.history(query("limit", "10"));
        assertThat(cakto.tokenRequests).hasSize(2);
        assertThat(cakto.authorizations).last().isEqualTo("Bearer fake-token-2");
    }

    @Test
    void aShortLivedTokenWithoutExpiresInIsRenewedSoon() {
        cakto.expiresIn = 0;
        CaktoApiClient client = client();
        client.history(query());
        clock.advance(CaktoApiClient.DEFAULT_TOKEN_LIFETIME);
        client.history(query());
        assertThat(cakto.tokenRequests).hasSize(2);
    }

    @Test
    void a401GetsOneNewTokenAndOneMoreTry() {
        CaktoApiClient client = client();
        client.history(query());
        cakto.revokeTokens();
        HistoryPage page = client.history(query());
        assertThat(page.records()).isEmpty();
        assertThat(cakto.tokenRequests).hasSize(2);
        assertThat(cakto.authorizations).containsExactly("Bearer fake-token-1", "Bearer fake-token-1",
                "Bearer fake-token-2");
    }

    @Test
    void a401WithTheFreshTokenTooIsAClearErrorAfterExactlyOneRefresh() {
        CaktoApiClient client = client();
        cakto.refuseTokens = true;
        assertThatThrownBy(() -> client.resend(1000))
                .isInstanceOf(CaktoApiException.class)
                .satisfies(e -> assertThat(((CaktoApiException) e).kind())
                        .isEqualTo(CaktoApiException.Kind.NOT_AUTHORIZED))
                .hasMessageContaining("refused a fresh access token of account main (HTTP 401)");
        assertThat(cakto.tokenRequests).hasSize(2);
        assertThat(cakto.authorizations).hasSize(2);
    }

    @Test
    void badCredentialsAreRejectedWithAClearMessageThatHoldsNoSecret() {
        CaktoApiClient client = client(FakeCaktoApi.CLIENT_ID, "wrong-secret-value-0123456789");
        assertThatThrownBy(() -> client.history(query()))
                .isInstanceOf(CaktoApiException.class)
                .satisfies(e -> assertThat(((CaktoApiException) e).kind())
                        .isEqualTo(CaktoApiException.Kind.CREDENTIALS_REJECTED))
                .hasMessageContaining("Cakto refused the API credentials of account main (HTTP 401)")
                .hasMessageContaining("ponte.providers.cakto.api.accounts[0].client-id")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-secret-value"));
        assertThat(cakto.tokenRequests).hasSize(1);
        assertThat(cakto.authorizations).isEmpty();
    }

    @Test
    void aMissingScopeIsNamed() {
        cakto.forbidden = true;
        assertThatThrownBy(() -> client().history(query()))
                .isInstanceOf(CaktoApiException.class)
                .hasMessageContaining("403").hasMessageContaining("read webhooks");
    }

    @Test
    void anApiDownIsUnavailableAndSoIsAnUnreachableOne() throws Exception {
        cakto.down = true;
        assertThatThrownBy(() -> client().history(query()))
                .isInstanceOf(CaktoApiException.class)
                .satisfies(e -> assertThat(((CaktoApiException) e).kind())
                        .isEqualTo(CaktoApiException.Kind.UNAVAILABLE))
                .hasMessageContaining("HTTP 503");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> client(URI.create("http://127.0.0.1:" + closedPort), FakeCaktoApi.CLIENT_ID,
                FakeCaktoApi.CLIENT_SECRET).history(query()))
                .isInstanceOf(CaktoApiException.class)
                .satisfies(e -> assertThat(((CaktoApiException) e).kind())
                        .isEqualTo(CaktoApiException.Kind.UNAVAILABLE))
                .hasMessageContaining("not reachable");
    }

    @Test
    void historyPagesAreReadWithTheirFiltersAndTheNextLinkStaysOnTheConfiguredHost() {
        long first = record(500, "2026-11-30T10:00:00Z");
        long second = record(null, "2026-11-30T10:05:00.123456Z");
        long third = record(200, "2026-11-30T10:10:00Z");
        record(200, "2026-11-29T10:10:00Z");
        CaktoApiClient client = client();
        HistoryPage page = client.history(query("sentAt__gte", "2026-11-30T00:00:00.000000+00:00",
                "ordering", "sentAt", "limit", "2"));
        assertThat(page.count()).isEqualTo(3);
        assertThat(page.records()).extracting(HistoryRecord::id).containsExactly(first, second);
        assertThat(page.records().get(0).status()).isEqualTo(500);
        assertThat(page.records().get(1).status()).isNull();
        assertThat(page.records().get(1).sentAt()).isEqualTo(Instant.parse("2026-11-30T10:05:00.123456Z"));
        assertThat(page.records().get(0).event()).isEqualTo("purchase_approved");
        assertThat(page.records().get(0).payload().path("data").path("id").asText()).isNotBlank();
        // the documented next link points at another host: only its query is followed
        assertThat(page.next()).containsEntry("page", "2").containsEntry("ordering", "sentAt");
        HistoryPage last = client.history(page.next());
        assertThat(last.records()).extracting(HistoryRecord::id).containsExactly(third);
        assertThat(last.next()).isNull();
        assertThat(cakto.historyQueries).hasSize(2);
        assertThat(cakto.historyQueries.get(1)).containsEntry("sentAt__gte", "2026-11-30T00:00:00.000000+00:00");
    }

    @Test
    void resendOfAnUnknownRecordIsAnError() {
        assertThatThrownBy(() -> client().resend(424242))
                .isInstanceOf(CaktoApiException.class)
                .satisfies(e -> assertThat(((CaktoApiException) e).kind())
                        .isEqualTo(CaktoApiException.Kind.NOT_FOUND))
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void nextLinksAreReadForTheirQueryOnly() {
        assertThat(CaktoApiClient.query("http://api.example.org/accounts/?page=4&sentAt__gte=2026-11-30T00%3A00%3A00%2B00%3A00"))
                .containsExactly(Map.entry("page", "4"), Map.entry("sentAt__gte", "2026-11-30T00:00:00+00:00"));
        assertThat(CaktoApiClient.query("http://api.example.org/accounts/")).isEmpty();
    }
}
