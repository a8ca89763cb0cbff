package dev.ponte.reconcile;

import dev.ponte.config.PonteProperties;
import dev.ponte.management.AdminToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /admin/api/reconcile?dry_run=true|false[&account=<name>]} with the admin token, as the console's API
 * takes it ({@code Authorization: Bearer <ponte.admin.token>}, HTTP Basic with the token as password, or the
 * console's session with its CSRF token, which the console's check marks {@link AdminToken#AUTHENTICATED}): runs
 * the Cakto reconciliation now and answers what it found and resent, per account; a dry run lists what would be
 * resent and changes nothing. 200 when every account ran, 502 when one failed (its {@code error} says why), 409 when
 * no account is configured or a run is under way, 401 without the token, 404 when no admin token is configured. Served where the management endpoints are (listed in
 * the {@code ManagementContextConfiguration} imports, never component-scanned), as a functional route so that no
 * {@code @Controller} can be scanned onto the webhook port.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
public class ReconcileAdminRoutes {

    private static final Logger log = LoggerFactory.getLogger(ReconcileAdminRoutes.class);
    public static final String PATH = "/admin/api/reconcile";

    @Bean
    RouterFunction<ServerResponse> reconcileAdminRoute(Reconciliation reconciliation, PonteProperties properties) {
        AdminToken token = new AdminToken(properties.admin().token());
        return RouterFunctions.route().POST(PATH, request -> handle(request, reconciliation, token)).build();
    }

    private static ServerResponse handle(ServerRequest request, Reconciliation reconciliation, AdminToken token) {
        if (!token.configured()) {
            return json(HttpStatus.NOT_FOUND, Map.of("error", "not_found"));
        }
        // with the console's context the console's check has run already; without it (management on the server's
        // port) this check is the only one
        boolean admitted = Boolean.TRUE.equals(request.attributes().get(AdminToken.AUTHENTICATED))
                || token.matchesAuthorization(request.headers().firstHeader("Authorization"));
        if (!admitted) {
            return json(HttpStatus.UNAUTHORIZED, Map.of("error", "unauthorized"));
        }
        Optional<String> dryRunParam = request.param("dry_run");
        boolean dryRun;
        if (dryRunParam.isEmpty() || dryRunParam.get().equalsIgnoreCase("false")) {
            dryRun = false;
        } else if (dryRunParam.get().equalsIgnoreCase("true")) {
            dryRun = true;
        } else {
            return json(HttpStatus.BAD_REQUEST, Map.of("error", "bad_request", "detail", "dry_run is true or false"));
        }
        if (!reconciliation.configured()) {
            return json(HttpStatus.CONFLICT, Map.of("error", "not_configured",
                    "detail", "no Cakto API account is configured (ponte.providers.cakto.api.accounts)"));
        }
        List<RunReport> reports;
        try {
            reports = reconciliation.runNow(request.param("account"), dryRun);
        } catch (IllegalArgumentException e) {
            return json(HttpStatus.NOT_FOUND, Map.of("error", "unknown_account", "detail", e.getMessage(),
                    "accounts", reconciliation.accounts()));
        } catch (Reconciliation.BusyException e) {
            return json(HttpStatus.CONFLICT, Map.of("error", "busy", "detail", e.getMessage()));
        }
        boolean failed = reports.stream().anyMatch(report -> report.error() != null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dry_run", dryRun);
        body.put("accounts", reports);
        log.info("admin reconcile dry_run={} accounts={} found={} resent={} failed={}", dryRun, reports.size(),
                reports.stream().mapToInt(RunReport::found).sum(), reports.stream().mapToInt(RunReport::resent).sum(),
                failed);
        return json(failed ? HttpStatus.BAD_GATEWAY : HttpStatus.OK, body);
    }

    private static ServerResponse json(HttpStatus status, Object body) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
