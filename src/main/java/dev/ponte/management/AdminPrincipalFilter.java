package dev.ponte.management;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.Principal;

/**
 * On the management port: a request that presents the admin token ({@code Authorization: Bearer
 * <ponte.admin.token>}) is authenticated as the admin principal. Actuator's {@code show-details: when-authorized}
 * shows health details to an authenticated request only, so without the token health answers its status alone.
 */
public class AdminPrincipalFilter extends OncePerRequestFilter {

    static final Principal ADMIN = () -> "ponte-admin";

    private final AdminToken token;

    public AdminPrincipalFilter(AdminToken token) {
        this.token = token;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!token.matches(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return ADMIN;
            }

            @Override
            public boolean isUserInRole(String role) {
                return true;
            }
        }, response);
    }
}
