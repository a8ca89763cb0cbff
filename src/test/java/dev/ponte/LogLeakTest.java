package dev.ponte;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ponte.event.EventJson;
import dev.ponte.support.CapturedLogs;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.Fixtures;
import dev.ponte.support.ForwardTarget;
import dev.ponte.support.PonteIntegrationTest;
import dev.ponte.support.ProviderAuth;
import dev.ponte.support.ProviderTestKit;
import dev.ponte.support.ProviderTestKits;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Everything the test JVM logged (CapturedLogs: every log event with its arguments, MDC and stack trace, and
 * System.out/err) holds none of the secrets the tests configure or present, none of the full e-mails and none of the
 * full CPF/CNPJ of the fixtures. It does not depend on what ran before it: it first drives its own traffic through
 * every path it checks (every fixture of every provider accepted, then again as a duplicate; each provider's
 * rotated secret; wrong credentials in header and query; invalid JSON carrying a secret; an oversized body; an
 * unknown provider; the chargeback alert e-mail; HTTP forwarding, with a destination failing into the dead-letter
 * queue and replayed with the admin token, and the replay refused a wrong token). Run last
 * ({@code @Order(Integer.MAX_VALUE)}, the class orderer of junit-platform.properties) it also covers the output of
 * every other class of the same JVM.
 * <p>
 * Secrets are found, not listed: every static String field of the test classes named like a secret, token or
 * password, and every {@code *secret*}/{@code *token*}/{@code *password*} property of their
 * {@code @SpringBootTest}/{@code @TestPropertySource}; a new IT's secret is covered without touching this class.
 */
@Order(Integer.MAX_VALUE)
class LogLeakTest extends PonteIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(LogLeakTest.class);

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|token|password).*");
    /** Constants that name where a credential goes (a header, a body field), not a credential. */
    private static final Pattern NOT_A_VALUE = Pattern.compile("(?i).*_(FIELD|HEADER|PARAMETER|PARAM|PREFIX)$");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern DOCUMENT_KEY = Pattern.compile("(?i)document|docNumber|taxId|cpf|cnpj");
    /** Wrong credentials IngressContractIT presents as literals: what a caller presents must not be logged either. */
    private static final List<String> PRESENTED_LITERALS = List.of("super-secret-token-value", "query-secret-value");

    @Test
    void noSecretEmailOrDocumentAppearsInAnyLogOfTheRun() throws Exception {
        assertCaptureWorks();
        driveEveryPath();
        Map<String, String> forbidden = new LinkedHashMap<>();
        secretsOfTheTests().forEach(forbidden::putIfAbsent);
        personalDataOfTheFixtures().forEach(forbidden::putIfAbsent);
        assertThat(forbidden).as("forbidden strings found").hasSizeGreaterThan(10);
        assertThat(forbidden.values()).as("kinds found").anyMatch(k -> k.startsWith("secret"))
                .anyMatch(k -> k.startsWith("e-mail")).anyMatch(k -> k.startsWith("document"));

        List<String> records = CapturedLogs.records();
        List<String> leaks = new ArrayList<>();
        int[] total = {0};
        for (String record : records) {
            String lower = record.toLowerCase(Locale.ROOT);
            forbidden.forEach((value, kind) -> {
                boolean found = kind.startsWith("e-mail") ? lower.contains(value.toLowerCase(Locale.ROOT))
                        : record.contains(value);
                if (found && total[0]++ < 20) {
                    leaks.add(kind + " in: " + masked(record, forbidden));
                }
            });
        }
        assertThat(leaks).as("%d leaks (the first shown, values masked); %d forbidden strings looked for in %d "
                + "captured records", total[0], forbidden.size(), records.size()).isEmpty();
        System.out.printf("LogLeakTest: %d secrets, e-mails and documents looked for in %d captured records%n",
                forbidden.size(), records.size());
    }

    /** The traffic of the paths checked: see the class comment. */
    private void driveEveryPath() throws Exception {
        WebhookClient client = webhooks();
        for (String provider : ProviderTestKits.names()) {
            ProviderTestKit kit = ProviderTestKits.of(provider);
            for (String fixture : Fixtures.names(provider)) {
                // as the provider sends it (accepted or parked, or a duplicate if another class posted it first)
                ProviderAuth.Auth auth = ProviderAuth.forFixture(provider, fixture);
                byte[] body = Fixtures.bytes(provider, fixture);
                String path = "/webhooks/" + provider + auth.query();
                assertThat(client.post(path, body, auth.headers()).status()).as(fixture).isBetween(200, 202);
                assertThat(client.post(path, body, auth.headers()).json().path("status").asText()).as(fixture)
                        .isEqualTo("duplicate");
            }
            // wrong credentials, presented where each provider looks for them
            String wrong = PRESENTED_LITERALS.get(0);
            byte[] wrongBody = new String(Fixtures.bytes(provider, kit.sampleFixture()), StandardCharsets.UTF_8)
                    .replace(kit.secret(), wrong).getBytes(StandardCharsets.UTF_8);
            ProviderAuth.Auth wrongAuth = kit.auth(wrongBody, wrong);
            assertThat(client.post("/webhooks/" + provider + wrongAuth.query(), wrongBody, wrongAuth.headers())
                    .status()).as(provider).isEqualTo(401);
            // invalid JSON (the sample cut short) that carries the valid, rotated-in secret
            String sample = new String(Fixtures.bytes(provider, kit.sampleFixture()), StandardCharsets.UTF_8)
                    .replace(kit.secret(), ROTATED_SECRET);
            byte[] invalid = sample.substring(0, sample.lastIndexOf('}')).getBytes(StandardCharsets.UTF_8);
            ProviderAuth.Auth rotated = kit.auth(invalid, ROTATED_SECRET);
            assertThat(client.post("/webhooks/" + provider + rotated.query(), invalid, rotated.headers()).status())
                    .as(provider).isIn(400, 401);
        }
        // the rotated-in secrets
        FixtureVariants.Variant cakto = FixtureVariants.withOrderId("cakto", "purchase_approved.json",
                "leak-" + UUID.randomUUID());
        String withRotated = new String(cakto.body(), StandardCharsets.UTF_8).replace(CAKTO_SECRET, ROTATED_SECRET);
        assertThat(client.post(cakto.path(), withRotated.getBytes(StandardCharsets.UTF_8), cakto.headers()).status())
                .isEqualTo(200);
        FixtureVariants.Variant wiapy = FixtureVariants.withOrderId("wiapy", "paid.json", "leak-" + UUID.randomUUID());
        assertThat(client.post(wiapy.path(), wiapy.body(), Map.of("Authorization", "Bearer " + ROTATED_SECRET))
                .status()).isEqualTo(200);
        assertThat(client.post("/webhooks/nope", cakto.body()).status()).isEqualTo(404);
        assertThat(client.post("/webhooks/cakto", new byte[300 * 1024]).status()).isEqualTo(413);

        // deliveries: the chargeback alert e-mail, forwarding, a forwarding failure into the DLQ and its replay
        int mails = MAIL.received().size();
        String failing = "leak-failing-" + UUID.randomUUID();
        FORWARD.script(failing, ForwardTarget.Answer.of(500), ForwardTarget.Answer.of(500),
                ForwardTarget.Answer.of(500));
        FixtureVariants.Variant chargeback = FixtureVariants.withOrderId("cakto", "chargeback.json", failing);
        assertThat(client.post(chargeback.path(), chargeback.body(), chargeback.headers()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> MAIL.received().size() > mails
                && FORWARD.requestsWith(failing).size() >= 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestBroker.messageCount(
                TestBroker.QUEUE_PREFIX + "http-forward.dlq") > 0);
        WebhookClient management = management();
        HttpRequest.Builder replay = HttpRequest.newBuilder(management.uri("/admin/destinations/http-forward/replay"))
                .POST(HttpRequest.BodyPublishers.noBody());
        assertThat(management.send(replay.copy().header("Authorization", "Bearer " + PRESENTED_LITERALS.get(0))
                .build()).status()).isEqualTo(401);
        assertThat(management.send(replay.copy().header("Authorization", "Bearer " + ADMIN_TOKEN).build()).status())
                .isEqualTo(200);
        assertThat(management.get("/actuator/health", ADMIN_TOKEN).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> FORWARD.requestsWith(failing).stream()
                .anyMatch(r -> r.answered() == 200));
    }

    /** A canary through every channel the check reads: message, argument, MDC, nested stack trace, System.out. */
    private static void assertCaptureWorks() {
        assertThat(CapturedLogs.installed()).as("logback-test.xml attaches dev.ponte.support.CapturedLogs").isTrue();
        MDC.put("canary", "canary-mdc-7e1");
        try {
            log.debug("canary {}", "canary-argument-7e1", new IllegalStateException("outer",
                    new IllegalArgumentException("canary-cause-7e1")));
        } finally {
            MDC.remove("canary");
        }
        System.out.println("canary-stdout-7e1");
        List<String> records = CapturedLogs.records();
        for (String canary : List.of("canary-argument-7e1", "canary-mdc-7e1", "canary-cause-7e1",
                "canary-stdout-7e1")) {
            assertThat(records).as("captured %s", canary).anyMatch(r -> r.contains(canary));
        }
    }

    private static String masked(String record, Map<String, String> forbidden) {
        String masked = record;
        for (Map.Entry<String, String> entry : forbidden.entrySet()) {
            masked = Pattern.compile(Pattern.quote(entry.getKey()), Pattern.CASE_INSENSITIVE).matcher(masked)
                    .replaceAll(Matcher.quoteReplacement("<" + entry.getValue() + ">"));
        }
        return masked.length() <= 600 ? masked : masked.substring(0, 600) + "…";
    }

    // ---- what must not appear -------------------------------------------------------------------------------

    /** Secret value → where it is configured. */
    static Map<String, String> secretsOfTheTests() {
        Map<String, String> secrets = new LinkedHashMap<>();
        PRESENTED_LITERALS.forEach(value -> secrets.put(value, "credential presented by IngressContractIT"));
        for (Class<?> type : testClasses()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                        && SECRET_NAME.matcher(field.getName()).matches()
                        && !NOT_A_VALUE.matcher(field.getName()).matches()) {
                    addSecret(secrets, read(field), "secret " + type.getSimpleName() + "." + field.getName());
                }
            }
            List<String> properties = new ArrayList<>();
            SpringBootTest boot = AnnotatedElementUtils.findMergedAnnotation(type, SpringBootTest.class);
            if (boot != null) {
                properties.addAll(List.of(boot.properties()));
            }
            TestPropertySource source = AnnotatedElementUtils.findMergedAnnotation(type, TestPropertySource.class);
            if (source != null) {
                properties.addAll(List.of(source.properties()));
            }
            for (String property : properties) {
                int eq = property.indexOf('=');
                if (eq > 0 && SECRET_NAME.matcher(property.substring(0, eq)).matches()) {
                    for (String value : property.substring(eq + 1).split(",")) {
                        addSecret(secrets, value.trim(), "secret " + type.getSimpleName() + " "
                                + property.substring(0, eq));
                    }
                }
            }
        }
        return secrets;
    }

    private static void addSecret(Map<String, String> secrets, String value, String kind) {
        if (value == null || value.length() < 5) {
            return;
        }
        secrets.putIfAbsent(value, kind);
        // a Standard Webhooks secret: whsec_ + Base64 of the key; the key itself must not leak either
        if (value.startsWith("whsec_")) {
            String base64 = value.substring("whsec_".length());
            secrets.putIfAbsent(base64, kind + " (Base64 key)");
            try {
                String key = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
                if (key.length() >= 5 && key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    secrets.putIfAbsent(key, kind + " (key)");
                }
            } catch (IllegalArgumentException notBase64) {
                // not a Standard Webhooks secret after all
            }
        }
    }

    private static String read(Field field) {
        try {
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The compiled test classes of dev.ponte, the nested ones included. */
    private static List<Class<?>> testClasses() {
        Path root;
        try {
            root = Path.of(LogLeakTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("dev/ponte"))) {
            files.filter(f -> f.toString().endsWith(".class")).forEach(file -> {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    classes.add(Class.forName(name, false, LogLeakTest.class.getClassLoader()));
                } catch (ClassNotFoundException | LinkageError e) {
                    // not loadable on its own: nothing to read
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(classes).as("test classes under %s", root).hasSizeGreaterThan(5);
        return classes;
    }

    /** Full e-mails (any field) and full documents (document, docNumber, taxId) of every fixture → their kind. */
    static Map<String, String> personalDataOfTheFixtures() {
        Map<String, String> found = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(Fixtures.root())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                collect(EventJson.mapper().readTree(file.toFile()), null, file.getFileName().toString(), found);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static void collect(JsonNode node, String key, String file, Map<String, String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(e.getValue(), e.getKey(), file, found));
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, key, file, found));
        } else if (node.isValueNode() && !node.isNull()) {
            String value = node.asText();
            if (value.contains("*")) {
                return; // masked by the provider
            }
            Matcher email = EMAIL.matcher(value);
            while (email.find()) {
                found.putIfAbsent(email.group(), "e-mail of " + file);
            }
            if (key != null && DOCUMENT_KEY.matcher(key).matches()) {
                String digits = value.replaceAll("[^0-9]", "");
                if (digits.length() == 11 || digits.length() == 14) {
                    found.putIfAbsent(value.trim(), "document of " + file);
                    found.putIfAbsent(digits, "document of " + file);
                }
            }
        }
    }
}
