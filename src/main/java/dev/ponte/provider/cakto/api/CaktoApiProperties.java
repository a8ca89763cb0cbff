package dev.ponte.provider.cakto.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Cakto's public API, used to recover deliveries Ponte did not take (the reconciliation). One entry of
 * {@code accounts} per Cakto account whose webhooks point at this Ponte; none: no reconciliation.
 *
 * @param baseUrl  root of Cakto's public API (the token and webhook endpoints live under {@code /public_api/})
 * @param accounts API keys created in Cakto's panel (Integrações, Cakto API), with the scopes {@code read webhooks}
 *                 and {@code write webhooks}: {@code accounts[0].client-id}, {@code accounts[0].client-secret},
 *                 optional {@code accounts[0].name} (shown in logs, metrics and health; default {@code account-1})
 * @param timeout  connect and response timeout of one API request
 * @param pageSize history records asked for per page ({@code limit})
 */
@ConfigurationProperties("ponte.providers.cakto.api")
public record CaktoApiProperties(@DefaultValue("https://api.cakto.com.br") URI baseUrl,
                                 List<Account> accounts,
                                 @DefaultValue("10s") Duration timeout,
                                 @DefaultValue("100") int pageSize) {

    public CaktoApiProperties {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        for (int i = 0; i < accounts.size(); i++) {
            Account account = accounts.get(i);
            if (account.clientId() == null || account.clientId().isBlank() || account.clientSecret() == null
                    || account.clientSecret().isBlank()) {
                throw new IllegalArgumentException("ponte.providers.cakto.api.accounts[" + i
                        + "] needs both client-id and client-secret");
            }
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("ponte.providers.cakto.api.page-size must be between 1 and 1000");
        }
    }

    /** The name of the n-th account (0-based): its {@code name}, else {@code account-<n+1>}. */
    public String accountName(int index) {
        String name = accounts.get(index).name();
        return name == null || name.isBlank() ? "account-" + (index + 1) : name.trim();
    }

    /** One Cakto API key. The secret never appears in {@link #toString()}. */
    public record Account(String name, String clientId, String clientSecret) {

        @Override
        public String toString() {
            return "Account[name=" + name + ", clientId=" + clientId + ", clientSecret=" + (clientSecret == null
                    ? "unset" : "set") + "]";
        }
    }
}
