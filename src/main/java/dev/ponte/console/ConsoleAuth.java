package dev.ponte.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ponte.management.AdminToken;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * Who may use the console and the admin API: whoever presents {@code ponte.admin.token}, as
 * {@code Authorization: Bearer <token>}, as the password of HTTP Basic (any user name), or through the login form,
 * which opens a session (cookie {@code ponte_console}: HttpOnly, SameSite=Strict, path {@code /admin}); every POST
 * of a session must carry its CSRF token ({@code X-CSRF-Token} header or {@code _csrf} field). Tokens are compared
 * as SHA-256 digests in constant time ({@link AdminToken}). Without a configured token the console does not exist
 * (404). A request let in is marked {@link AdminToken#AUTHENTICATED} for the admin routes behind this check.
 */
public class ConsoleAuth implements HandlerInterceptor {

    public static final String COOKIE = "ponte_console";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "_csrf";
    /** Request attribute holding the session's CSRF token, for the page's forms. */
    public static final String CSRF_ATTRIBUTE = ConsoleAuth.class.getName() + ".csrf";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminToken token;
    private final Cache<String, String> sessions;

    public ConsoleAuth(String adminToken, Duration sessionTimeout) {
        this.token = new AdminToken(adminToken);
        this.sessions = Caffeine.newBuilder().expireAfterWrite(sessionTimeout).maximumSize(10_000).build();
    }

    public boolean enabled() {
        return token.configured();
    }

    public boolean matches(String presented) {
        return token.matchesCredential(presented);
    }

    /** Opens a session: sets its cookie and returns its CSRF token. */
    public String login(HttpServletRequest request, HttpServletResponse response) {
        String id = random();
        String csrf = random();
        sessions.put(id, csrf);
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(id, request.isSecure(), null).toString());
        return csrf;
    }

    public void logout(HttpServletRequest request, HttpServletResponse response) {
        String id = sessionId(request);
        if (id != null) {
            sessions.invalidate(id);
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie("", request.isSecure(), Duration.ZERO).toString());
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!token.configured()) {
            response.sendError(404);
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/admin/login") || path.startsWith("/admin/assets/")) {
            return true;
        }
        boolean api = path.startsWith("/admin/api/") || path.startsWith("/admin/destinations/");
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (matches(credential(authorization))) {
                request.setAttribute(AdminToken.AUTHENTICATED, Boolean.TRUE);
                return true;
            }
            return refuse(request, response, api, true);
        }
        String id = sessionId(request);
        String csrf = id == null ? null : sessions.getIfPresent(id);
        if (csrf == null) {
            return refuse(request, response, api, false);
        }
        request.setAttribute(CSRF_ATTRIBUTE, csrf);
        if (!isSafe(request.getMethod())) {
            String presented = request.getHeader(CSRF_HEADER);
            if (presented == null) {
                presented = request.getParameter(CSRF_FIELD);
            }
            if (presented == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8))) {
                json(response, 403, "csrf", "missing or wrong CSRF token");
                return false;
            }
        }
        request.setAttribute(AdminToken.AUTHENTICATED, Boolean.TRUE);
        return true;
    }

    private boolean refuse(HttpServletRequest request, HttpServletResponse response, boolean api, boolean presented)
            throws IOException {
        if (!api && !presented && "GET".equals(request.getMethod())) {
            String next = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.sendRedirect(request.getContextPath() + "/admin/login?next="
                    + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return false;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ponte\", Basic realm=\"ponte\", charset=\"UTF-8\"");
        json(response, 401, "unauthorized", "admin token required");
        return false;
    }

    private static void json(HttpServletResponse response, int status, String error, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"error\":\"" + error + "\",\"detail\":\"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The token of {@code Bearer <token>}, or the password of {@code Basic base64(user:password)}. */
    static String credential(String authorization) {
        return AdminToken.credential(authorization);
    }

    private static boolean isSafe(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    private static String sessionId(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static ResponseCookie cookie(String value, boolean secure, Duration maxAge) {
        ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(COOKIE, value).path("/admin").httpOnly(true)
                .sameSite("Strict").secure(secure);
        if (maxAge != null) {
            cookie.maxAge(maxAge);
        }
        return cookie.build();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
