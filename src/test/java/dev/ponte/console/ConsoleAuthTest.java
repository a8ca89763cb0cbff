package dev.ponte.console;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleAuthTest {

    private static final String TOKEN = "console-admin-token-0123456789abcdef";

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setRequestURI(path);
        return request;
    }

    @Test
    void withoutAConfiguredTokenTheConsoleDoesNotExist() throws Exception {
        ConsoleAuth auth = new ConsoleAuth(null, Duration.ofHours(1));
        for (String path : new String[]{"/admin/", "/admin/login", "/admin/api/events", "/admin/assets/console.css"}) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockHttpServletRequest request = request("GET", path);
            request.addHeader("Authorization", "Bearer ");
            assertThat(auth.preHandle(request, response, null)).isFalse();
            assertThat(response.getStatus()).isEqualTo(404);
        }
        assertThat(new ConsoleAuth("  ", Duration.ofHours(1)).enabled()).isFalse();
        assertThat(auth.matches("")).isFalse();
    }

    @Test
    void bearerAndBasicCarryTheToken() {
        assertThat(ConsoleAuth.credential("Bearer " + TOKEN)).isEqualTo(TOKEN);
        assertThat(ConsoleAuth.credential("bearer " + TOKEN)).isEqualTo(TOKEN);
        assertThat(ConsoleAuth.credential(ConsoleTestSupport.basic("anyone", TOKEN))).isEqualTo(TOKEN);
        assertThat(ConsoleAuth.credential(ConsoleTestSupport.basic("", "a:b"))).isEqualTo("a:b");
        assertThat(ConsoleAuth.credential("Basic bm8tY29sb24=")).isNull();
        assertThat(ConsoleAuth.credential("Basic %%%")).isNull();
        assertThat(ConsoleAuth.credential("Digest x")).isNull();
        ConsoleAuth auth = new ConsoleAuth(TOKEN, Duration.ofHours(1));
        assertThat(auth.matches(TOKEN)).isTrue();
        assertThat(auth.matches(TOKEN + " ")).as("surrounding blanks, as in an env file").isTrue();
        assertThat(auth.matches(TOKEN.substring(1))).isFalse();
        assertThat(auth.matches(null)).isFalse();
    }

    @Test
    void aSessionPostWithoutItsCsrfTokenIsRefused() throws Exception {
        ConsoleAuth auth = new ConsoleAuth(TOKEN, Duration.ofHours(1));
        MockHttpServletResponse login = new MockHttpServletResponse();
        String csrf = auth.login(request("POST", "/admin/login"), login);
        String cookie = login.getHeader("Set-Cookie");
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/admin")
                .doesNotContain("Secure");
        Cookie session = new Cookie(ConsoleAuth.COOKIE, cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')));

        MockHttpServletRequest get = request("GET", "/admin/events/evt_1");
        get.setCookies(session);
        assertThat(auth.preHandle(get, new MockHttpServletResponse(), null)).isTrue();
        assertThat(get.getAttribute(ConsoleAuth.CSRF_ATTRIBUTE)).isEqualTo(csrf);

        MockHttpServletRequest post = request("POST", "/admin/events/evt_1/replay");
        post.setCookies(session);
        MockHttpServletResponse refused = new MockHttpServletResponse();
        assertThat(auth.preHandle(post, refused, null)).isFalse();
        assertThat(refused.getStatus()).isEqualTo(403);

        MockHttpServletRequest withHeader = request("POST", "/admin/events/evt_1/replay");
        withHeader.setCookies(session);
        withHeader.addHeader(ConsoleAuth.CSRF_HEADER, csrf);
        assertThat(auth.preHandle(withHeader, new MockHttpServletResponse(), null)).isTrue();

        MockHttpServletRequest secure = request("POST", "/admin/login");
        secure.setSecure(true);
        MockHttpServletResponse secureLogin = new MockHttpServletResponse();
        auth.login(secure, secureLogin);
        assertThat(secureLogin.getHeader("Set-Cookie")).contains("Secure");
    }

    @Test
    void anExpiredOrUnknownSessionSendsThePageToTheLoginAndTheApiTo401() throws Exception {
        ConsoleAuth auth = new ConsoleAuth(TOKEN, Duration.ofHours(1));
        MockHttpServletRequest page = request("GET", "/admin/routes/x");
        page.setQueryString("a=1");
        page.setCookies(new Cookie(ConsoleAuth.COOKIE, "forged"));
        MockHttpServletResponse toLogin = new MockHttpServletResponse();
        assertThat(auth.preHandle(page, toLogin, null)).isFalse();
        assertThat(toLogin.getRedirectedUrl()).isEqualTo("/admin/login?next=%2Fadmin%2Froutes%2Fx%3Fa%3D1");

        MockHttpServletRequest api = request("GET", "/admin/api/events");
        api.setCookies(new Cookie(ConsoleAuth.COOKIE, "forged"));
        MockHttpServletResponse unauthorized = new MockHttpServletResponse();
        assertThat(auth.preHandle(api, unauthorized, null)).isFalse();
        assertThat(unauthorized.getStatus()).isEqualTo(401);
        assertThat(unauthorized.getHeader("WWW-Authenticate")).contains("Bearer");
        assertThat(unauthorized.getContentAsString()).doesNotContain(TOKEN);
    }

    @Test
    void onlyPathsOfTheConsoleAreRedirectedTo() {
        assertThat(ConsolePageController.safeNext("/admin/?order_id=1")).isEqualTo("/admin/?order_id=1");
        assertThat(ConsolePageController.safeNext("//evil.example/admin/")).isEqualTo("/admin/");
        assertThat(ConsolePageController.safeNext("https://evil.example/")).isEqualTo("/admin/");
        assertThat(ConsolePageController.safeNext("/admin/\\evil")).isEqualTo("/admin/");
        assertThat(ConsolePageController.safeNext(null)).isEqualTo("/admin/");
    }
}
