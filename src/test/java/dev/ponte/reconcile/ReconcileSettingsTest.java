package dev.ponte.reconcile;

import dev.ponte.config.PonteProperties;
import dev.ponte.provider.cakto.api.CaktoApiProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reconciliation's settings as the app binds them: documented defaults, environment variables, bad values. */
class ReconcileSettingsTest {

    private static Binder binder(Map<String, Object> environment) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new Binder(ConfigurationPropertySources.get(env));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ReconcileProperties reconcile = binder(Map.of()).bindOrCreate("ponte.reconcile", ReconcileProperties.class);
        assertThat(reconcile.enabled()).isTrue();
        assertThat(reconcile.interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(reconcile.lookback()).isEqualTo(Duration.ofHours(24));
        assertThat(reconcile.overlap()).isEqualTo(Duration.ofMinutes(15));
        assertThat(reconcile.resendsPerSecond()).isEqualTo(2.0);
        assertThat(reconcile.maxAttempts()).isEqualTo(3);
        assertThat(reconcile.retryInitial()).isEqualTo(Duration.ofSeconds(30));
        assertThat(reconcile.retryMax()).isEqualTo(Duration.ofHours(1));
        assertThat(reconcile.dir()).isEqualTo("./data/reconcile");
        CaktoApiProperties api = binder(Map.of()).bindOrCreate("ponte.providers.cakto.api", CaktoApiProperties.class);
        assertThat(api.baseUrl()).isEqualTo(URI.create("https://api.cakto.com.br"));
        assertThat(api.accounts()).isEmpty();
        assertThat(api.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(api.pageSize()).isEqualTo(100);
    }

    @Test
    void accountsComeFromEnvironmentVariablesNextToTheWebhookSecrets() {
        Binder binder = binder(Map.of(
                "PONTE_PROVIDERS_CAKTO_SECRETS", "s1,s2",
                "PONTE_PROVIDERS_CAKTO_API_ACCOUNTS_0_CLIENTID", "id-0",
                "PONTE_PROVIDERS_CAKTO_API_ACCOUNTS_0_CLIENTSECRET", "secret-0",
                "PONTE_PROVIDERS_CAKTO_API_ACCOUNTS_1_NAME", "loja-2",
                "PONTE_PROVIDERS_CAKTO_API_ACCOUNTS_1_CLIENTID", "id-1",
                "PONTE_PROVIDERS_CAKTO_API_ACCOUNTS_1_CLIENTSECRET", "secret-1",
                "PONTE_RECONCILE_INTERVAL", "5m"));
        CaktoApiProperties api = binder.bindOrCreate("ponte.providers.cakto.api", CaktoApiProperties.class);
        assertThat(api.accounts()).hasSize(2);
        assertThat(api.accounts().get(0).clientId()).isEqualTo("id-0");
        assertThat(api.accountName(0)).isEqualTo("account-1");
        assertThat(api.accountName(1)).isEqualTo("loja-2");
        assertThat(api.accounts().get(1).toString()).doesNotContain("secret-1");
        assertThat(binder.bindOrCreate("ponte.reconcile", ReconcileProperties.class).interval())
                .isEqualTo(Duration.ofMinutes(5));
        // the webhook secrets of the same provider still bind, the api block beside them
        PonteProperties ponte = binder.bindOrCreate("ponte", PonteProperties.class);
        assertThat(ponte.providers().get("cakto").secrets()).containsExactly("s1", "s2");
    }

    @Test
    void anAccountWithoutItsSecretOrABadValueStopsStartUpWithTheSettingNamed() {
        assertThatThrownBy(() -> binder(Map.of("PONTE_PROVIDERS_CAKTO_API_ACCOUNTS_0_CLIENTID", "id-0"))
                .bindOrCreate("ponte.providers.cakto.api", CaktoApiProperties.class))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("ponte.providers.cakto.api.accounts[0] needs both client-id and client-secret");
        assertThatThrownBy(() -> binder(Map.of("PONTE_RECONCILE_MAXATTEMPTS", "0"))
                .bindOrCreate("ponte.reconcile", ReconcileProperties.class))
                .hasRootCauseMessage("ponte.reconcile.max-attempts must be at least 1");
        assertThatThrownBy(() -> binder(Map.of("PONTE_RECONCILE_RETRYINITIAL", "2h"))
                .bindOrCreate("ponte.reconcile", ReconcileProperties.class))
                .hasRootCauseMessage("ponte.reconcile.retry-initial must be positive and at most "
                        + "ponte.reconcile.retry-max");
    }
}
