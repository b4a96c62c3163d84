package org.linkagehub.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the intake endpoints 503 with {@code Retry-After} while the {@link IntakeGate} is closed, before security
 * and before anything is read or stored: what the caller sent stays the caller's, to be sent again. Intake is every
 * POST that brings input or runs an intake route: the platforms' webhooks ({@code /ingest/**}), paper decisions,
 * departments' receipts, the reconciliation trigger and quarantine replay and release.
 */
class IntakeGateFilter extends OncePerRequestFilter {

    static final List<String> INTAKE = List.of("/ingest/**", "/api/v1/decisions/manual", "/api/v1/decisions/manual/**",
            "/api/v1/deliveries/*/receipt", "/api/v1/sources/*/reconcile", "/api/v1/quarantine/*/replay",
            "/api/v1/quarantine/*/release");
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
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader("Retry-After", Long.toString(Math.max(1, gate.retryAfter().toSeconds())));
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            json.writeValue(response.getOutputStream(), Map.of("code", 503, "msg", closed.get()));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            gate.leave();
        }
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
