package dev.ponte.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ponte.provider.ProviderRegistry;
import dev.ponte.provider.cakto.CaktoProvider;
import dev.ponte.reconcile.PayloadIdentity;
import dev.ponte.support.FakeCaktoApi;
import dev.ponte.support.FixtureVariants;
import dev.ponte.support.ForwardTarget.Answer;
import dev.ponte.support.TestBroker;
import dev.ponte.support.WebhookClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (Debian's chromium and chromium-driver, headless): sign in, search an order id,
 * open the event, replay it to a route and see the new attempt appear, replay a dead letter; simulate the Cakto
 * reconciliation against a fake Cakto API, then run it and see the missed delivery resent. A screenshot of each page
 * goes to {@code target/console-screenshots/}. Also the session's cookie, CSRF and sign-out over plain HTTP.
 */
class ConsoleBrowserIT extends ConsoleTestSupport {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final FakeCaktoApi CAKTO = new FakeCaktoApi();
    private static WebDriver browser;

    @Autowired
    ProviderRegistry providers;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        consoleProperties(registry, "browser");
        registry.add("ponte.events.dir", () -> TestBroker.tempDir("events").toString());
        registry.add("ponte.providers.cakto.api.base-url", () -> CAKTO.baseUrl().toString());
        registry.add("ponte.providers.cakto.api.accounts[0].name", () -> "loja");
        registry.add("ponte.providers.cakto.api.accounts[0].client-id", () -> FakeCaktoApi.CLIENT_ID);
        registry.add("ponte.providers.cakto.api.accounts[0].client-secret", () -> FakeCaktoApi.CLIENT_SECRET);
        registry.add("ponte.reconcile.enabled", () -> "false");
        registry.add("ponte.reconcile.dir", () -> TestBroker.tempDir("reconcile").toString());
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + TestBroker.tempDir("chromium"), "--window-size=1440,1280", "--lang=pt-BR");
        // the browser's console, to see that no script or style is refused by the pages' Content-Security-Policy
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        CAKTO.close();
    }

    @Test
    void anOperatorSimulatesThenReconcilesTheCaktoDeliveriesPonteMissed() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String ingress = "http://127.0.0.1:" + port + "/webhooks/cakto";
        // delivered: Ponte took it, the event log has it
        ObjectNode delivered = FixtureVariants.cakto("pix_gerado.json",
                "pedido-" + UUID.randomUUID().toString().substring(0, 8));
        String deliveredId = webhooks().post("/webhooks/cakto", delivered.toString().getBytes(StandardCharsets.UTF_8))
                .json().path("id").asText();
        awaitJson("/admin/api/events/" + deliveredId, json -> json.path("webhooks").size() == 1);
        CAKTO.record("pix_gerado", 200, now.minusSeconds(600), delivered, ingress);
        // answered 500 while Ponte was failing: Cakto will not retry it
        String orderId = "pedido-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode missed = FixtureVariants.cakto("purchase_approved.json", orderId);
        String missedId = new PayloadIdentity(providers.find(CaktoProvider.NAME).orElseThrow()).eventId(missed);
        long record = CAKTO.record("purchase_approved", 500, now.minusSeconds(300), missed, ingress);

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn("/admin/reconcile", wait);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("reconcile-dry-run")));
        assertThat(browser.findElement(By.id("account-loja")).getText()).contains("loja").contains("nunca")
                .contains("sob demanda");
        screenshot("07-reconcile");

        browser.findElement(By.id("reconcile-dry-run")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#reconcile-result .reconcile-delivery")).isEmpty());
        List<WebElement> listed = browser.findElements(By.cssSelector("#reconcile-result .reconcile-delivery"));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).getText()).contains(Long.toString(record)).contains("purchase_approved")
                .contains("500").contains("erro 5xx").contains(missedId).contains("seria reenviado");
        assertThat(browser.findElement(By.id("reconcile-result")).getText())
                .contains("Simulação: o que seria reenviado").contains("2 entregas lidas");
        assertThat(CAKTO.resends).isEmpty();
        screenshot("08-reconcile-dry-run");

        browser.findElement(By.id("reconcile-now")).click();
        wait.until(d -> d.findElements(By.cssSelector("#reconcile-result .reconcile-delivery .badge.ok")).size() == 1);
        assertThat(browser.findElement(By.id("reconcile-result")).getText()).contains("Reconciliado agora")
                .contains("1 reenviadas");
        assertThat(browser.findElement(By.cssSelector("#reconcile-result .reconcile-delivery")).getText())
                .contains(missedId).contains("reenviado").doesNotContain("seria reenviado");
        assertThat(CAKTO.resends).containsExactly(record);
        // the accounts' state follows the run without a reload
        assertThat(browser.findElement(By.id("account-loja")).getText()).contains("1 reenviadas")
                .doesNotContain("nunca");
        screenshot("09-reconcile-done");

        // Cakto's resend came in through the webhook endpoint: the event is Ponte's now, its link opens it
        awaitJson("/admin/api/events/" + missedId, json -> json.path("webhooks").size() == 1);
        browser.findElement(By.cssSelector("#reconcile-result .reconcile-delivery a")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("order-id")));
        assertThat(browser.findElement(By.id("order-id")).getText()).isEqualTo(orderId);
        browser.get(console("/admin/reconcile"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("account-loja")));
        assertThat(browser.findElement(By.id("account-loja")).getText()).contains("1 reenviadas")
                .doesNotContain("nunca");
        assertThat(browser.getPageSource()).doesNotContain(FakeCaktoApi.CLIENT_SECRET).doesNotContain(TOKEN);
    }

    /** Opens {@code path}, through the login form when the browser has no session. */
    private void signIn(String path, WebDriverWait wait) {
        browser.get(console(path));
        wait.until(d -> !d.findElements(By.id("token")).isEmpty() || !d.findElements(By.cssSelector("header.top"))
                .isEmpty());
        if (!browser.findElements(By.id("token")).isEmpty()) {
            browser.findElement(By.id("token")).sendKeys(TOKEN);
            browser.findElement(By.id("login")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("header.top")));
        }
    }

    @Test
    void theReconcileApiTakesTheConsolesCredentials() {
        String api = "/admin/api/reconcile?dry_run=true";
        Response login = page("POST", "/admin/login", null, "token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8));
        String setCookie = login.raw().headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page("GET", "/admin/reconcile", cookie, null).body());
        assertThat(csrf.find()).isTrue();

        Response session = page("POST", api, cookie, "_csrf=" + csrf.group(1));
        assertThat(session.status()).as(session.body()).isEqualTo(200);
        assertThat(session.json().path("accounts").get(0).path("account").asText()).isEqualTo("loja");
        assertThat(page("POST", api, cookie, "").status()).as("a session's POST without its CSRF token")
                .isEqualTo(403);
        Response basic = management().send(HttpRequest.newBuilder(URI.create(console(api)))
                .header("Authorization", basic("ops", TOKEN)).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(basic.status()).as(basic.body()).isEqualTo(200);
        Response wrong = management().send(HttpRequest.newBuilder(URI.create(console(api)))
                .header("Authorization", basic("ops", TOKEN + "x")).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(page("POST", api, null, "").status()).isEqualTo(401);
        // the console's form: a dry run without htmx answers the whole page
        Response form = page("POST", "/admin/reconcile", cookie, "_csrf=" + csrf.group(1) + "&dry_run=true");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Simulação: o que seria reenviado").contains("Reconciliação Cakto");
        assertThat(page("POST", "/admin/reconcile", cookie, "_csrf=" + csrf.group(1) + "&dry_run=talvez").status())
                .isEqualTo(400);
        assertThat(page("POST", "/admin/reconcile", cookie, "dry_run=true").status()).isEqualTo(403);
        assertThat(CAKTO.resends).as("dry runs only").isEmpty();
    }

    @Test
    void anOperatorFindsAnOrderOpensItsEventAndReplaysIt() throws IOException {
        String orderId = "pedido-" + UUID.randomUUID().toString().substring(0, 8);
        Response webhook = postCakto("chargeback.json", orderId);
        String eventId = webhook.json().path("id").asText();
        awaitAttempts(eventId, "chargeback-alert", 1);
        awaitAttempts(eventId, "http-forward", 1);
        String refused = "pedido-" + UUID.randomUUID().toString().substring(0, 8);
        FORWARD.script(refused, Answer.of(400));
        String deadId = postCakto("purchase_approved.json", refused).json().path("id").asText();
        awaitAttempts(deadId, "http-forward", 1);

        // a deep link to the order, before signing in: the login form sends the operator back to it
        browser.get(console("/admin/?order_id=" + orderId));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
        assertThat(browser.getTitle()).contains("Entrar");
        screenshot("01-login");
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-error")));
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#results .event-row")));
        assertThat(browser.getCurrentUrl()).endsWith("/admin/?order_id=" + orderId);
        assertThat(browser.findElements(By.cssSelector("#results .event-row"))).hasSize(1);
        assertThat(browser.getPageSource()).doesNotContain(TOKEN);

        // the search form: everything, then one order id (htmx swaps the results and keeps the URL a deep link)
        browser.get(console("/admin/"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("order_id")));
        assertThat(browser.findElement(By.id("stat-webhooks")).getText()).matches("[1-9][0-9]*");
        assertThat(browser.findElements(By.cssSelector("#results .event-row")).size()).isGreaterThanOrEqualTo(2);
        browser.findElement(By.id("order_id")).sendKeys(orderId);
        browser.findElement(By.id("search-button")).click();
        wait.until(d -> d.findElements(By.cssSelector("#results .event-row")).size() == 1);
        wait.until(ExpectedConditions.urlContains("order_id=" + orderId));
        WebElement row = browser.findElement(By.cssSelector("#results .event-row"));
        assertThat(row.getText()).contains("cakto").contains("order.disputed").contains("aceito")
                .contains("m***@exemplo.com.br").doesNotContain("mariana.ribeiro")
                .contains("chargeback-alert: entregue").contains("http-forward: entregue");
        WebElement time = row.findElement(By.tagName("time"));
        assertThat(time.getAttribute("title")).endsWith("UTC");
        assertThat(time.getText()).matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}");
        screenshot("02-search");

        row.findElement(By.className("event-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("event-json")));
        assertThat(browser.findElement(By.id("order-id")).getText()).isEqualTo(orderId);
        assertThat(browser.findElement(By.id("event-json")).getText()).contains("\"id\" : \"" + eventId + "\"")
                .contains("m***@exemplo.com.br").doesNotContain("mariana.ribeiro").doesNotContain("39053344705")
                .doesNotContain("\"secret\"");
        assertThat(stepTitles()).contains("Webhook recebido de cakto", "Entrega em chargeback-alert · tentativa 1",
                "Entrega em http-forward · tentativa 1");
        List<String> steps = stepTitles();
        assertThat(steps.get(0)).isEqualTo("Webhook recebido de cakto");
        assertThat(steps.get(1)).as("received, published, then the tries").startsWith("Publicado em order.disputed");
        screenshot("03-event");

        int mailsBefore = MAIL.received().size();
        browser.findElement(By.id("replay-chargeback-alert")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("replay-done")));
        // the timeline refreshes itself: the new try appears once the route has delivered
        wait.until(d -> stepTitles().stream().filter(t -> t.equals("Entrega em chargeback-alert · tentativa 1"))
                .count() == 2);
        assertThat(stepTitles()).contains("Reenviado pelo console para chargeback-alert");
        assertThat(MAIL.received().size()).isGreaterThan(mailsBefore);
        screenshot("04-replayed");

        // the http-forward route's dead-letter queue, and one dead letter sent back
        browser.get(console("/admin/routes/http-forward"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("depth")));
        assertThat(browser.getPageSource()).contains(deadId);
        screenshot("05-dead-letters");
        WebElement deadRow = browser.findElements(By.cssSelector("table tbody tr")).stream()
                .filter(r -> r.getText().contains(deadId)).findFirst().orElseThrow();
        deadRow.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("moved")));
        awaitAttempts(deadId, "http-forward", 2);
        assertThat(FORWARD.requestsWith(refused)).hasSize(2);

        browser.get(console("/admin/"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("filas")));
        screenshot("06-index");
        List<org.openqa.selenium.logging.LogEntry> errors = browser.manage().logs()
                .get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                // the wrong token typed on purpose above
                .filter(e -> !e.getMessage().contains("/admin/login - Failed to load resource: the server responded "
                        + "with a status of 401")).toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
        browser.findElement(By.cssSelector("form.logout button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
        browser.get(console("/admin/"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
    }

    private List<String> stepTitles() {
        return browser.findElements(By.cssSelector("#timeline .step-title")).stream().map(WebElement::getText).toList();
    }

    private String console(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theLoginSetsAStrictHttpOnlyCookieAndPostsNeedItsCsrfToken() {
        Response anonymous = page("GET", "/admin/?order_id=42", null, null);
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.raw().headers().firstValue("Location").orElseThrow())
                .endsWith("/admin/login?next=" + URLEncoder.encode("/admin/?order_id=42", StandardCharsets.UTF_8));

        Response wrong = page("POST", "/admin/login", null, "token=nope&next=%2Fadmin%2F");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Token inválido");
        assertThat(wrong.raw().headers().firstValue("Set-Cookie")).isEmpty();

        Response elsewhere = page("POST", "/admin/login", null, "token=" + TOKEN + "&next=%2F%2Fevil.example%2F");
        assertThat(elsewhere.status()).isEqualTo(303);
        assertThat(elsewhere.raw().headers().firstValue("Location").orElseThrow()).isEqualTo("/admin/");

        Response login = page("POST", "/admin/login", null, "token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8)
                + "&next=" + URLEncoder.encode("/admin/?order_id=42", StandardCharsets.UTF_8));
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.raw().headers().firstValue("Location").orElseThrow()).isEqualTo("/admin/?order_id=42");
        String setCookie = login.raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(ConsoleAuth.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/admin").doesNotContain(TOKEN);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        Response index = page("GET", "/admin/", cookie, null);
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.body()).contains("Buscar").doesNotContain(TOKEN);
        assertThat(index.raw().headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
        assertThat(index.raw().headers().firstValue("X-Frame-Options")).contains("DENY");
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(index.body());
        assertThat(csrf.find()).isTrue();

        String replayAll = "/admin/routes/paid-orders/dlq/replay";
        assertThat(page("POST", replayAll, cookie, "").status()).isEqualTo(403);
        assertThat(page("POST", replayAll, cookie, "_csrf=" + csrf.group(1) + "x").status()).isEqualTo(403);
        Response replayed = page("POST", replayAll, cookie, "_csrf=" + csrf.group(1));
        assertThat(replayed.status()).isEqualTo(303);
        assertThat(replayed.raw().headers().firstValue("Location").orElseThrow())
                .isEqualTo("/admin/routes/paid-orders?moved=0");
        Response unknown = page("GET", "/admin/events/evt_nope", cookie, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("Não encontrado");

        Response basic = management().send(HttpRequest.newBuilder(URI.create(console("/admin/")))
                .header("Authorization", basic("ops", TOKEN)).GET().build());
        assertThat(basic.status()).isEqualTo(200);

        Response logout = page("POST", "/admin/logout", cookie, "_csrf=" + csrf.group(1));
        assertThat(logout.status()).isEqualTo(303);
        assertThat(logout.raw().headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(page("GET", "/admin/", cookie, null).status()).as("the session is gone").isEqualTo(302);
    }

    private Response page(String method, String path, String cookie, String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console(path)))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return management().send(request.build());
    }
}
