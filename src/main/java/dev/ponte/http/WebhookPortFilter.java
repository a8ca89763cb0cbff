package dev.ponte.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The webhook port serves {@code /webhooks/*} and nothing else: every other path answers 404 with the JSON error
 * body of {@link JsonErrorController}, whatever the container or a library would otherwise map there. The path is
 * the container's decoded and normalised one, so {@code /webhooks/../actuator} is {@code /actuator}.
 */
public class WebhookPortFilter extends OncePerRequestFilter {

    static final String PREFIX = "/webhooks/";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.startsWith(PREFIX)) {
            chain.doFilter(request, response);
            return;
        }
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
}
