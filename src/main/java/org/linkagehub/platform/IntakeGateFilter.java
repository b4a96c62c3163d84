package org.linkagehub.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the intake endpoints 503 with {@code Retry-After} while the {@link IntakeGate} is closed, before security
 * and before anything is read or stored: what the caller sent stays the caller's, to be sent again. Intake is every
 * POST that brings input or runs an intake route: the platforms' webhooks ({@code /ingest/**}), paper decisions,
 * departments' receipts, cases with their replies, receipts and attachments, commitment tasks' results, the
 * reconciliation trigger, quarantine replay and release, and return visits. The same 503 answers a request during
 * which the database could not be reached (an external server restarting), rather than a 500.
 */
class IntakeGateFilter extends OncePerRequestFilter {

    static final List<String> INTAKE = List.of("/ingest/**", "/api/v1/decisions/manual", "/api/v1/decisions/manual/**",
            "/api/v1/deliveries/*/receipt", "/api/v1/sources/*/reconcile", "/api/v1/quarantine/*/replay",
            "/api/v1/quarantine/*/release", "/api/v1/cases", "/api/v1/cases/*/reply",
            "/api/v1/cases/*/attachments", "/api/v1/cases/*/receipt", "/api/v1/cases/*/rectification", "/api/v1/tasks/*/result",
            "/api/v1/return-visits");
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final IntakeGate gate;
    private final ObjectMapper json;

    IntakeGateFilter(IntakeGate gate, ObjectMapper json) {
        this.gate = gate;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!HttpMethod.POST.matches(request.getMethod())) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return INTAKE.stream().noneMatch(pattern -> PATHS.match(pattern, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> closed = gate.enter();
        if (closed.isPresent()) {
            refuse(response, closed.get());
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            // the database went away under the request (an external server restarting): nothing was acknowledged, and
            // what was stored before it went is recognised when the platform sends it again
            if (!databaseUnavailable(e) || response.isCommitted()) {
                throw e;
            }
            response.reset();
            refuse(response, "the database is not answering: " + rootMessage(e));
        } finally {
            gate.leave();
        }
    }

    private void refuse(HttpServletResponse response, String reason) throws IOException {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader("Retry-After", Long.toString(Math.max(1, gate.retryAfter().toSeconds())));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writeValue(response.getOutputStream(), Map.of("code", 503, "msg", reason));
    }

    /**
     * A connection that could not be had or was lost under the request: Spring's and JDBC's transient and
     * connection failures, SQL state class 08 or the server shutting down (57P0x), a commit or rollback that failed,
     * and HikariCP's closed-connection proxy, which carries no SQL state.
     */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionSystemException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getSQLState() == null
                    ? "Connection is closed".equals(sql.getMessage())
                    : sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        /** Ahead of Spring Security's chain: a caller is told to come back before it is asked who it is. */
        @Bean
        FilterRegistrationBean<IntakeGateFilter> intakeGateFilter(IntakeGate gate, ObjectMapper json) {
            FilterRegistrationBean<IntakeGateFilter> registration = new FilterRegistrationBean<>(
                    new IntakeGateFilter(gate, json));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
            registration.addUrlPatterns("/*");
            return registration;
        }
    }
}
